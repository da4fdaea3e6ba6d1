import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importPdf } from '../src/pdf.js';
import { FUZZ, SEED, expectImportResult } from './helpers/fuzz.js';

/**
 * Fuzzing importPdf with the project's PDF fixtures mutated byte by byte, with runs of bytes
 * dropped or repeated, and truncated: the import never throws, always answers with a well-formed
 * result (a report, or an error saying why there is none), and never outlasts its time bound.
 */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/pdf/${name}`, import.meta.url)));
const PDFS = [fixture('qingshan-2022.soffice.pdf'), fixture('jiangbei-2017-borderless.soffice.pdf'), fixture('scan.pdf')];
const TIME_LIMIT = 5000;
let cases = 0;
const started = Date.now();

type Mutation = { kind: 'flip' | 'drop' | 'repeat'; at: number; length: number; value: number };
const mutationArb = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('flip', 'drop', 'repeat'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 4096 }),
  value: fc.integer({ min: 0, max: 255 }),
});

function mutate(bytes: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let out = bytes;
  for (const m of mutations) {
    const at = Math.floor(m.at * out.length);
    if (m.kind === 'flip') {
      out = out.slice();
      for (let i = at; i < Math.min(out.length, at + Math.min(m.length, 16)); i++) out[i] = (out[i]! ^ m.value) & 0xff;
    } else if (m.kind === 'drop') out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + m.length)]);
    else out = new Uint8Array([...out.subarray(0, at + m.length), ...out.subarray(at, at + m.length), ...out.subarray(at + m.length)]);
  }
  return out;
}

async function expectAnswer(bytes: Uint8Array): Promise<void> {
  cases++;
  const begun = Date.now();
  const result = await importPdf(bytes, { timeLimitMs: TIME_LIMIT });
  expect(Date.now() - begun).toBeLessThan(TIME_LIMIT + 2000);
  expectImportResult(result);
}

const runs = (base: number) => (FUZZ > 0 ? base * FUZZ : base);

describe('fuzz: importPdf on mutated and truncated PDFs', () => {
  it('answers mutated fixtures with a well-formed result within its time bound', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: PDFS.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 4 }), async (which, mutations) => {
        await expectAnswer(mutate(PDFS[which]!, mutations));
      }),
      { seed: SEED, numRuns: runs(6) },
    );
  }, 120_000);

  it('answers truncated fixtures with a well-formed result within its time bound', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: PDFS.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (which, cut) => {
        const pdf = PDFS[which]!;
        await expectAnswer(pdf.subarray(0, Math.floor(cut * pdf.length)));
      }),
      { seed: SEED, numRuns: runs(6) },
    );
  }, 120_000);
});

afterAll(() => {
  console.log(`fuzz fuzz-pdf: ${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${SEED}${FUZZ ? `, XXGK_FUZZ=${FUZZ}` : ''})`);
});
