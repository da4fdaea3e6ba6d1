import { displayWidth, measurer } from '../formats/conventions.js';

// Punctuation that must not start a line (it sticks to what precedes it) …
const CLOSING = new Set(Array.from('，。、；：？！）》」』】〕〉”’…,.;:?!)]}%％'));
// … and punctuation that must not end one (it sticks to what follows).
const OPENING = new Set(Array.from('（《「『【〔〈“‘([{'));

// Punctuation of Chinese text that terminals may print narrow; never part of a Latin word or a URL.
const CJK_NARROW = new Set(Array.from('“”‘’…—·'));

/**
 * `text` without the given characters at its end. (A regular expression such as `/ +$/` is
 * quadratic on a long run of spaces that is not at the end.)
 */
export function trimEnd(text: string, characters: string): string {
  let end = text.length;
  while (end > 0 && characters.includes(text[end - 1]!)) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Replaces control characters (which have no width and would break alignment) with spaces; new lines too unless kept. */
export function clean(text: string, keepNewLines = false): string {
  // eslint-disable-next-line no-control-regex
  const controls = keepNewLines ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g;
  return text.replace(controls, ' ');
}

export { measurer };

/** The pieces of {@link breakUnits}, each as the atoms it was glued from. */
function breakGroups(text: string, widthOf: (text: string) => number = measurer()): string[][] {
  const atoms: string[] = [];
  let run = '';
  const flush = () => {
    if (run !== '') atoms.push(run);
    run = '';
  };
  // Code points, not grapheme clusters (Intl.Segmenter is slow): a zero-width code point (a
  // combining mark, a joiner) and whatever follows a zero-width joiner stay with what precedes.
  let joined = false;
  for (const ch of text) {
    const w = widthOf(ch);
    if (joined || (w === 0 && (run !== '' || atoms.length > 0))) {
      if (run !== '') run += ch;
      else atoms[atoms.length - 1] += ch;
    } else if (ch === ' ') {
      flush();
      atoms.push(' ');
    } else if (w >= 2 || CJK_NARROW.has(ch)) {
      flush();
      atoms.push(ch);
    } else {
      run += ch;
    }
    joined = ch === '\u200d';
  }
  flush();
  const groups: string[][] = [];
  for (const atom of atoms) {
    const previous = groups[groups.length - 1];
    const first = Array.from(atom)[0] ?? '';
    const last = previous === undefined ? '' : (Array.from(previous[previous.length - 1]!).pop() ?? '');
    const space = previous !== undefined && previous.length === 1 && previous[0] === ' ';
    if (atom !== ' ' && previous !== undefined && !space && (CLOSING.has(first) || OPENING.has(last))) {
      previous.push(atom);
    } else if (space && CLOSING.has(first) && groups.length >= 2 && groups[groups.length - 2]!.join('') !== ' ') {
      // A space before closing punctuation: keep all three together rather than start a line with it.
      groups.pop();
      groups[groups.length - 1]!.push(' ', atom);
    } else {
      groups.push([atom]);
    }
  }
  return groups;
}

/**
 * Splits a line into the pieces a line break may fall between: a run of narrow characters (a
 * number, a Latin word, a URL) stays whole, every wide (CJK) character is a piece of its own,
 * spaces are pieces, and closing/opening punctuation sticks to its neighbour.
 */
export function breakUnits(text: string): string[] {
  return breakGroups(text).map((g) => g.join(''));
}

/**
 * Wraps one line of text at `width` display columns, the first line after `indent`, the others
 * after `hang`. Lines break between CJK characters or at spaces, never inside a number, a Latin
 * word or a URL; a piece wider than the line gets a line of its own.
 */
export function wrapLine(text: string, width: number, indent = '', hang = indent, widthOf: (text: string) => number = measurer()): string[] {
  const lines: string[] = [];
  let line = indent;
  let used = widthOf(indent);
  let content = false;
  let spaces = '';
  const room = width - Math.max(widthOf(indent), widthOf(hang));
  // Punctuation sticks to its neighbour unless together they are wider than a line.
  const units = breakGroups(text, widthOf).flatMap((g) => (g.length > 1 && widthOf(g.join('')) > room ? g : [g.join('')]));
  for (const unit of units) {
    if (unit === ' ') {
      spaces += ' ';
      continue;
    }
    const w = widthOf(unit);
    // Spaces before the first piece of a continuation line are dropped.
    const gap = content || lines.length === 0 ? spaces : '';
    spaces = '';
    if (!content) {
      const kept = used + gap.length + w <= width ? gap : '';
      line += kept + unit;
      used += kept.length + w;
      content = true;
    } else if (used + gap.length + w <= width) {
      line += gap + unit;
      used += gap.length + w;
    } else {
      lines.push(trimEnd(line, ' '));
      line = hang + unit;
      used = widthOf(hang) + w;
    }
  }
  lines.push(trimEnd(line, content ? ' ' : ' \u3000'));
  return lines;
}

/** Pads a text with spaces to a display width: left, right or centred. */
export function pad(text: string, width: number, align: 'left' | 'right' | 'center' = 'left', widthOf: (text: string) => number = displayWidth): string {
  const room = Math.max(0, width - widthOf(text));
  if (align === 'right') return ' '.repeat(room) + text;
  if (align === 'center') {
    const left = Math.floor(room / 2);
    return ' '.repeat(left) + text + ' '.repeat(room - left);
  }
  return text + ' '.repeat(room);
}
