import { formats, getFormat } from '../formats/catalogue.js';
import { indexFormat, type Format } from '../formats/define.js';
import { version } from './version.js';

/** Where the command writes. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const HELP = `xxgk ${version} — 政府信息公开工作年度报告 toolkit

Usage:
  xxgk formats [id]     list the formats, or print one format's tree (ids, labels, units, relations)
  xxgk --version        print the version
  xxgk --help           print this help
`;

/** Runs the command with its arguments; resolves to the exit code. */
export async function run(args: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  if (command === 'formats') {
    const id = rest[0];
    if (id === undefined) {
      for (const f of Object.values(formats)) io.stdout(`${f.id}\t${f.edition}\t${f.title}\t${f.basis ?? ''}\n`);
      return 0;
    }
    const format = getFormat(id);
    if (!format) {
      io.stderr(`xxgk: unknown format "${id}"; run "xxgk formats" to list them\n`);
      return 2;
    }
    io.stdout(formatTree(format));
    return 0;
  }
  io.stderr(`xxgk: unknown command "${command}"; run "xxgk --help"\n`);
  return 2;
}

/** A format's tables as an indented tree: id, label, unit and relation of every row and column. */
export function formatTree(format: Format): string {
  const index = indexFormat(format);
  const lines: string[] = [`${format.id} — ${format.title}${format.basis ? ` (${format.basis})` : ''}`];
  for (const table of index.tables) {
    lines.push('', `table ${table.id}: ${table.definition.title}`, '  columns:');
    for (const c of table.columns) lines.push(nodeLine(c, 4));
    lines.push('  rows:');
    for (const r of table.rows) lines.push(nodeLine(r, 4));
  }
  if (format.identities.length > 0) {
    lines.push('', 'identities:');
    for (const i of format.identities) lines.push(`  ${i.id} [${i.kind}, ${i.severity}] ${i.description['zh-CN']}`);
  }
  return `${lines.join('\n')}\n`;
}

function nodeLine(node: ReturnType<typeof indexFormat>['tables'][number]['rows'][number], indent: number): string {
  const pad = ' '.repeat(indent + node.depth * 2);
  const facts = [node.unit, node.relation, node.printed ? undefined : node.valued ? 'not printed' : undefined]
    .filter(Boolean)
    .join(', ');
  return `${pad}${node.id}  ${node.label}${facts ? `  (${facts})` : ''}`;
}
