// A zip reader for hostile input: the central directory is read and checked (entry count, declared
// sizes, offsets) before a single byte is inflated, only the entries asked for are inflated, each into
// a buffer of its declared size, and the result must match the declared size and CRC-32. A zip bomb
// therefore fails on its declared sizes, and one that lies about them fails on its CRC, with memory
// bounded by the limits either way.
import { inflateSync } from 'fflate';

/** Limits on a zip archive, checked before anything is inflated. */
export interface ZipLimits {
  /** Most entries in the central directory. */
  readonly maxEntries: number;
  /** Most uncompressed bytes of all entries together, as the central directory declares them. */
  readonly maxTotalSize: number;
  /** Most uncompressed bytes of one entry that is read. */
  readonly maxEntrySize: number;
}

/** The default limits: far above any Word report (a few hundred kB of XML), far below a bomb. */
export const ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalSize: 256 * 1024 * 1024, maxEntrySize: 64 * 1024 * 1024 };

/** A zip archive that cannot be read, with the reason in words. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
}

const u16 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number) => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

/** True when the bytes start like a zip archive (a local file header). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The entries of the central directory; throws a ZipError for a damaged or oversized archive. */
export function zipEntries(bytes: Uint8Array, limits: ZipLimits = ZIP_LIMITS): Map<string, ZipEntry> {
  // The end of central directory record: 22 bytes, followed by a comment of at most 65,535 bytes.
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 0xffff; at--) {
    if (u32(bytes, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipError('not a complete zip archive (no end of central directory: the file is cut short or damaged)');
  const count = u16(bytes, end + 10);
  const dirSize = u32(bytes, end + 12);
  const dirOffset = u32(bytes, end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('a ZIP64 archive: larger than any Word report');
  if (count > limits.maxEntries) throw new ZipError(`the archive lists ${count} entries, more than the ${limits.maxEntries} a Word document may hold`);
  if (dirOffset + dirSize > end) throw new ZipError('damaged zip archive: the central directory lies outside the file');
  const entries = new Map<string, ZipEntry>();
  let total = 0;
  let at = dirOffset;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || u32(bytes, at) !== 0x02014b50) throw new ZipError(`damaged zip archive: central directory entry ${i + 1} is not where the directory says`);
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc = u32(bytes, at + 16);
    const compressedSize = u32(bytes, at + 20);
    const size = u32(bytes, at + 24);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const offset = u32(bytes, at + 42);
    if (at + 46 + nameLength > end) throw new ZipError(`damaged zip archive: the name of entry ${i + 1} runs past the directory`);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    total += size;
    if (total > limits.maxTotalSize) {
      throw new ZipError(`the archive declares more than ${limits.maxTotalSize} bytes uncompressed (a zip bomb, or not a Word report)`);
    }
    if (!entries.has(name)) entries.set(name, { name, method, flags, crc, compressedSize, size, offset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry of the archive, checking its declared size and CRC; throws a ZipError. */
export function readEntry(bytes: Uint8Array, entry: ZipEntry, limits: ZipLimits = ZIP_LIMITS): Uint8Array {
  const what = `entry ${JSON.stringify(entry.name)}`;
  if (entry.flags & 1) throw new ZipError(`${what} is encrypted`);
  if (entry.size > limits.maxEntrySize) throw new ZipError(`${what} declares ${entry.size} bytes uncompressed, more than the ${limits.maxEntrySize} allowed`);
  const local = entry.offset;
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) throw new ZipError(`damaged zip archive: the local header of ${what} is missing`);
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  const stop = start + entry.compressedSize;
  if (stop > bytes.length) throw new ZipError(`damaged zip archive: the data of ${what} runs past the end of the file`);
  const data = bytes.subarray(start, stop);
  let out: Uint8Array;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size) throw new ZipError(`damaged zip archive: stored ${what} has two sizes`);
    out = data;
  } else if (entry.method === 8) {
    try {
      // Inflated into a buffer of the declared size: more data than declared cannot take more memory.
      out = inflateSync(data, { out: new Uint8Array(entry.size) });
    } catch (error) {
      throw new ZipError(`damaged zip archive: ${what} does not inflate (${error instanceof Error ? error.message : String(error)})`);
    }
  } else throw new ZipError(`${what} uses compression method ${entry.method}, which Word never writes`);
  if (out.length !== entry.size || crc32(out) !== entry.crc) {
    throw new ZipError(`damaged zip archive: ${what} does not match its declared size and checksum`);
  }
  return out;
}

let table: Uint32Array | undefined;

/** The CRC-32 of zip archives (IEEE 802.3). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
