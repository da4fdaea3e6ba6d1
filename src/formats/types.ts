import type { Unit, ValueKind } from '../model/units.js';

/** How authoritative a rule is: stated officially, customary practice, or a plausibility check. */
export type RuleKind = 'official' | 'customary' | 'heuristic';

/** How serious a broken rule is. */
export type Severity = 'error' | 'warning' | 'info';

/** A text in Chinese and English. */
export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

/**
 * How a node's value relates to its children's values:
 * - `sum`: parent = Σ children;
 * - `partOf`: each child ≤ parent (其中 rows);
 * - `distinct`: a de-duplicated total, max(child) ≤ parent ≤ Σ children;
 * - `group`: a label only; the node never holds a value.
 */
export type Relation = 'sum' | 'partOf' | 'distinct' | 'group';

/** The rule a tree relation stands for, when the domain names it (e.g. B3). */
export interface RuleTag {
  /** Published rule id, e.g. `B3`. */
  readonly id: string;
  readonly kind: RuleKind;
  readonly severity: Severity;
}

/** A row or column of a table, with its children. */
export interface NodeDefinition {
  /** Stable ASCII id (dotted camelCase); never renumbered once published. */
  readonly id: string;
  /** The label exactly as the official table prints it. */
  readonly label: string;
  /** Other spellings seen in real reports (shortened, older, or annotated labels). */
  readonly aliases?: readonly string[];
  /** The unit of the node's cells; a column's unit wins over a row's, a row's over the table's. */
  readonly unit?: Unit;
  /** The value kind of the node's cells, resolved like `unit`. */
  readonly kind?: ValueKind;
  /** How the node's value relates to its children; only nodes with children have one. */
  readonly relation?: Relation;
  /** The named rule the relation stands for; by default a customary error. */
  readonly rule?: RuleTag;
  /**
   * `false` when the official table prints no value for this node although it has one (a subtotal
   * that is normally derived from its children but may be reported).
   */
  readonly printed?: boolean;
  /** `true` when the official table prints no label for this node (the one row of a one-row table). */
  readonly unlabeled?: boolean;
  /** Rows only: the column ids that hold values for this row and its descendants (default: all). */
  readonly columns?: readonly string[];
  /** Rows only: the header of the label column for this block of rows (e.g. 信息内容). */
  readonly stubHeader?: string;
  readonly children?: readonly NodeDefinition[];
}

/** One table of a format: a row tree × a column tree. */
export interface TableDefinition {
  /** Stable ASCII id. */
  readonly id: string;
  /** The table's title as printed. */
  readonly title: string;
  /** The header of the row-label column (e.g. 统计指标), or the note printed in the stub cell. */
  readonly stubHeader?: string;
  /** `true` when the table prints a 单位 column between labels and values (the 2014 table). */
  readonly unitColumn?: boolean;
  /** Default unit of the table's cells. */
  readonly unit?: Unit;
  /** Default value kind of the table's cells. */
  readonly kind?: ValueKind;
  readonly rows: readonly NodeDefinition[];
  readonly columns: readonly NodeDefinition[];
}

/**
 * One term of an identity: a cell reference with an optional coefficient; `previous: true` reads
 * last year's report (cross-year rules).
 *
 * A reference is `rowId/columnId`; with `each: 'column'` it is a row id, with `each: 'row'` a
 * column id. A string term is a reference with coefficient 1.
 */
export type Term =
  | string
  | { readonly ref: string; readonly coefficient?: number; readonly previous?: boolean };

/**
 * A linear rule over cells that the trees cannot express, e.g. A1:
 * 本年新收 + 上年结转 = （七）总计 + 结转下年度, for every column.
 */
export interface IdentityDefinition {
  /** Unique id of this identity within the format (e.g. `A5.review`). */
  readonly id: string;
  /** The published rule it belongs to (e.g. `A5`); several identities may share one. */
  readonly rule: string;
  readonly kind: RuleKind;
  readonly severity: Severity;
  /** The table whose cells the references name. */
  readonly table: string;
  /** Apply once per column (terms are row ids) or per row (terms are column ids); default: once. */
  readonly each?: 'column' | 'row';
  /**
   * With `each`: the column ids (`each: 'column'`) or row ids (`each: 'row'`) it applies to; by
   * default every one in which all its terms name cells.
   */
  readonly only?: readonly string[];
  /**
   * `eq`: Σ left = Σ right; `le`: Σ left ≤ Σ right; `distinct`: the one left term is a de-duplicated
   * total of the right terms (max ≤ total ≤ Σ).
   */
  readonly relation: 'eq' | 'le' | 'distinct';
  readonly left: readonly Term[];
  readonly right: readonly Term[];
  readonly description: LocalizedText;
  /** How messages name each side (e.g. 各办理结果之和); by default the cells' labels. */
  readonly sides?: { readonly left?: LocalizedText; readonly right?: LocalizedText };
}

/**
 * Where the narrative quotes a table figure: a pattern with one capture group for the number,
 * matched against the report's text, and the cells (summed) it must equal. `requires` and
 * `excludes` judge the sentence around the number, so that e.g. approval cases 办结13114件 are not
 * taken for disclosure applications.
 */
export interface NarrativeCue {
  /** Unique id within the format. */
  readonly id: string;
  /** The cells whose sum the quoted number states. */
  readonly cells: readonly string[];
  /** A regular expression source with exactly one capture group around the number; keep it linear. */
  readonly pattern: string;
  /** The sentence must contain at least one of these words. */
  readonly requires?: readonly string[];
  /** The sentence must contain none of these words. */
  readonly excludes?: readonly string[];
  /** What the number is, for messages. */
  readonly description: LocalizedText;
}

/** A statement a section must make (e.g. 2021 section 六: the 信息处理费 collected, rule A8). */
export interface SectionMention {
  readonly rule: string;
  readonly kind: RuleKind;
  readonly severity: Severity;
  /** The section must contain at least one of these words. */
  readonly any: readonly string[];
  readonly description: LocalizedText;
}

/** A section of the report's template (一、总体情况 …). */
export interface SectionTemplate {
  /** Stable ASCII id. */
  readonly id: string;
  /** The heading without its number. */
  readonly title: string;
  /** Other headings seen in real reports. */
  readonly aliases?: readonly string[];
  /** Tables printed inside this section. */
  readonly tables?: readonly string[];
  /** What the section must contain, from the format's notice. */
  readonly guidance?: LocalizedText;
  /** Statements the section must make. */
  readonly mentions?: readonly SectionMention[];
  /** Guideline length in characters (white space not counted); longer text gets an info issue. */
  readonly maxLength?: number;
}

/** A format edition as data: sections, tables, identities. */
export interface FormatDefinition {
  /** Unique id, e.g. `gov-2021`. */
  readonly id: string;
  /** The edition a user names, e.g. `2021`. */
  readonly edition: string;
  /** Name of the format. */
  readonly title: string;
  /** The document that set the format (e.g. 国办公开办函〔2021〕30号). */
  readonly basis?: string;
  /** Report years the format applies to. */
  readonly years?: { readonly from?: number; readonly to?: number };
  readonly sections: readonly SectionTemplate[];
  /**
   * Where tables are printed: inside their sections (`sections`), or after the text as an
   * attachment (`attachment`, the pre-2019 layout).
   */
  readonly tablePlacement: 'sections' | 'attachment';
  /** Title of the attachment that holds the tables, when `tablePlacement` is `attachment`. */
  readonly attachmentTitle?: string;
  readonly tables: readonly TableDefinition[];
  readonly identities: readonly IdentityDefinition[];
  /** Figures the narrative quotes, checked against the table. */
  readonly cues?: readonly NarrativeCue[];
  /** How firmly the section template is required (default: official, warning). */
  readonly sectionRule?: { readonly kind: RuleKind; readonly severity: Severity };
}
