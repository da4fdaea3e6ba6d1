import { readFileSync } from 'node:fs';

/** The seed report's text (a copy of the real 2017 report of 江北区行政审批管理办公室). */
export const seedText = readFileSync(new URL('../fixtures/jiangbei-2017.txt', import.meta.url), 'utf8');

/** Removes every kind of white space, including the ideographic space. */
export const squash = (text: string): string => text.replace(/[\s\u3000]/g, '');

/** The seed's statistics table as [label, unit, value] triples, read straight from the text. */
export function seedTable(): Array<[string, string, string]> {
  const lines = seedText.split('\n');
  const start = lines.findIndex((l) => l.startsWith('\t统'));
  const triples: Array<[string, string, string]> = [];
  let current: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.startsWith('\t')) current.push(line.slice(1));
    else if (line.trim() !== '' && current.length > 0) current[current.length - 1] += line;
    if (current.length === 3) {
      const [label, unit, value] = current.map(squash) as [string, string, string];
      triples.push([label, unit, value]);
      current = [];
    }
  }
  return triples;
}
