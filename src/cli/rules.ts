import { formats } from '../formats/catalogue.js';
import type { Format } from '../formats/define.js';
import type { NodeDefinition, RuleKind, Severity } from '../formats/types.js';

/** One rule id the validator can emit, with what it means, its kind and its default severity. */
export interface RuleEntry {
  readonly id: string;
  readonly meaning: string;
  readonly kind: RuleKind;
  /** Default severities (one rule may differ by format or by case, e.g. `cells.absent`). */
  readonly severity: readonly Severity[];
  /** The formats that declare it; empty for rules of every format. */
  readonly formats: readonly string[];
}

/**
 * The validator's own rules, which no format declares: their ids as `src/validate` emits them.
 * `tests/cli-rules.test.ts` checks this list against the ids written in the validator's source.
 */
export const BUILTIN_RULES: readonly RuleEntry[] = [
  { id: 'format.known', meaning: 'The report names a format the catalogue knows (and so does the previous year\'s report).', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'cells.known', meaning: 'Every value stands in a cell of the format (no unknown row or column ids).', kind: 'official', severity: ['error'], formats: [] },
  { id: 'cells.absent', meaning: 'Printed cells are blank: an error per cell with --absent error, otherwise one note counting them.', kind: 'customary', severity: ['error', 'info'], formats: [] },
  { id: 'values.type', meaning: 'A cell holds a number (or a decimal string for money), not text or another type.', kind: 'customary', severity: ['error', 'warning'], formats: [] },
  { id: 'values.integer', meaning: 'A count is a whole number.', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'values.safeInteger', meaning: 'A count is within the exactly representable integers.', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'values.decimals', meaning: 'A money value has at most six decimals.', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'A14', meaning: 'Counts and money are not negative.', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'tree.sum', meaning: 'A total equals the sum of its parts (a row or column tree\'s sum relation, where the format names no rule for it).', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'tree.partOf', meaning: 'A 其中 part is not larger than its whole.', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'tree.distinct', meaning: 'A de-duplicated total lies between its largest part and the sum of its parts.', kind: 'customary', severity: ['error'], formats: [] },
  { id: 'A11', meaning: 'A number the text quotes equals the table cell it states.', kind: 'customary', severity: ['warning'], formats: [] },
  { id: 'refs.known', meaning: 'An embedded {{reference}} in the text names a cell of the format.', kind: 'official', severity: ['error'], formats: [] },
  { id: 'tables.known', meaning: 'The attachment lists tables of the format, each once.', kind: 'official', severity: ['warning'], formats: [] },
  { id: 'sections.present', meaning: 'The report has every section of the format\'s template.', kind: 'official', severity: ['warning', 'info'], formats: [] },
  { id: 'sections.order', meaning: 'The sections stand in the template\'s order.', kind: 'official', severity: ['warning', 'info'], formats: [] },
  { id: 'sections.length', meaning: 'A section is not longer than its template allows.', kind: 'official', severity: ['info'], formats: [] },
  { id: 'crossYear.year', meaning: 'The previous report (--previous) is for the year before.', kind: 'customary', severity: ['warning'], formats: [] },
  { id: 'crossYear.agency', meaning: 'The previous report (--previous) is the same agency\'s.', kind: 'customary', severity: ['warning'], formats: [] },
];

function treeRules(nodes: readonly NodeDefinition[], into: (id: string, kind: RuleKind, severity: Severity, meaning: string) => void): void {
  for (const node of nodes) {
    if (node.rule) {
      const relation = node.relation === 'partOf' ? 'its 其中 parts are not larger than it' : node.relation === 'distinct' ? 'it is a de-duplicated total of its parts' : 'it is the sum of its parts';
      into(node.rule.id, node.rule.kind, node.rule.severity, `${node.label}: ${relation}.`);
    }
    if (node.children) treeRules(node.children, into);
  }
}

/** Every rule id the library can emit: the validator's own rules and those the formats declare (identities, tree rules, section mentions). */
export function ruleCatalogue(list: readonly Format[] = Object.values(formats)): RuleEntry[] {
  const entries = new Map<string, { meaning: string; kind: RuleKind; severity: Set<Severity>; formats: Set<string> }>();
  const add = (format: string, id: string, kind: RuleKind, severity: Severity, meaning: string) => {
    const entry = entries.get(id) ?? { meaning, kind, severity: new Set<Severity>(), formats: new Set<string>() };
    entry.severity.add(severity);
    entry.formats.add(format);
    entries.set(id, entry);
  };
  for (const format of list) {
    for (const identity of format.identities) add(format.id, identity.rule, identity.kind, identity.severity, identity.description.en);
    for (const table of format.tables) {
      treeRules(table.rows, (id, kind, severity, meaning) => add(format.id, id, kind, severity, meaning));
      treeRules(table.columns, (id, kind, severity, meaning) => add(format.id, id, kind, severity, meaning));
    }
    for (const section of format.sections) {
      for (const mention of section.mentions ?? []) add(format.id, mention.rule, mention.kind, mention.severity, mention.description.en);
    }
  }
  const declared: RuleEntry[] = [...entries].map(([id, e]) => ({ id, meaning: e.meaning, kind: e.kind, severity: [...e.severity], formats: [...e.formats] }));
  const order = (id: string) => id.replace(/\d+/g, (d) => d.padStart(3, '0'));
  return [...declared.filter((d) => !BUILTIN_RULES.some((b) => b.id === d.id)), ...BUILTIN_RULES].sort((a, b) => order(a.id).localeCompare(order(b.id)));
}

let known: Set<string> | undefined;

/** The ids `--severity` accepts: every rule of {@link ruleCatalogue}. */
export function knownRuleIds(): Set<string> {
  known ??= new Set(ruleCatalogue().map((r) => r.id));
  return known;
}
