// xxgk — the public API. Curated named exports only.
export { UNITS, VALUE_KINDS, isUnit, unitFitsKind } from './model/units.js';
export type { Unit, UnitInfo, ValueKind } from './model/units.js';
export {
  DECIMAL_PATTERN,
  convertMoney,
  decimalPlaces,
  isAbsent,
  isDecimalString,
  toDecimal,
} from './model/values.js';
export type { CellValue } from './model/values.js';
export {
  AGENCY_LEVELS,
  AttachmentSchema,
  MAX_NESTING,
  CellValueSchema,
  MetadataSchema,
  ReportSchema,
  SCHEMA_VERSION,
  SectionSchema,
  SignatureSchema,
  isId,
  parseReport,
  toJSONSchema,
} from './model/report.js';
export type {
  AgencyLevel,
  Attachment,
  Metadata,
  ParseResult,
  Report,
  Section,
  Signature,
  TableValues,
} from './model/report.js';
export { FormatDefinitionError, defineFormat, indexFormat, resolveCell } from './formats/define.js';
export type {
  CellInfo,
  Format,
  FormatIndex,
  FormatProblem,
  ResolvedNode,
  TableIndex,
} from './formats/define.js';
export type {
  FormatDefinition,
  IdentityDefinition,
  LocalizedText,
  NarrativeCue,
  SectionMention,
  NodeDefinition,
  Relation,
  RuleKind,
  RuleTag,
  SectionTemplate,
  Severity,
  TableDefinition,
  Term,
} from './formats/types.js';
export { formatForYear, formats, getFormat } from './formats/catalogue.js';
export type { OfficialFormatId } from './formats/catalogue.js';
export { createReport, getCell, setCell } from './formats/document.js';
export { findReferences } from './formats/refs.js';
export type { EmbeddedReference } from './formats/refs.js';
export { validate } from './validate/validate.js';
export type { ValidateOptions, ValidationResult, Waiver } from './validate/validate.js';
export { LOCALES } from './model/locale.js';
export type { Locale } from './model/locale.js';
export { formatIssue } from './issues/messages.js';
export type {
  AbsentIssue,
  Amount,
  ArithmeticIssue,
  BlankBounds,
  BoundIssue,
  CrossYearIssue,
  HierarchyIssue,
  Issue,
  IssueBase,
  IssueCell,
  IssueCode,
  Interval,
  NarrativeIssue,
  SectionIssue,
  UnknownIssue,
  ValueIssue,
} from './issues/issues.js';
export { complete } from './rollup/complete.js';
export type { CompleteOptions, CompleteResult } from './rollup/complete.js';
export { FormatMismatchError, aggregate, aggregateStream } from './rollup/aggregate.js';
export type { AggregateOptions, AggregateResult, Contribution, Coverage } from './rollup/aggregate.js';
export { checkHierarchy } from './rollup/hierarchy.js';
export type { CheckHierarchyOptions, HierarchyResult } from './rollup/hierarchy.js';
export { importText } from './import/text/text.js';
export type { ImportTextOptions } from './import/text/text.js';
export { fromLabels, toLabels } from './import/labels/labels.js';
export type { LabelCells, LabelDocument, LabelInput, LabelValue } from './import/labels/labels.js';
export { decodeText } from './import/core/decode.js';
export type { DecodeResult, TextEncoding } from './import/core/decode.js';
export { formatImportIssue } from './import/core/issues.js';
export type {
  BadValueReason,
  ImportIssue,
  ImportIssueCode,
  ImportIssueFields,
  ImportIssuePayloads,
  ImportLocale,
  ImportOptions,
  ImportResult,
} from './import/core/issues.js';
export type { ImportIssueData } from './import/core/issues.js';
export { importMarkdown } from './import/markdown/markdown.js';
export type { ImportMarkdownOptions, ImportMarkdownResult } from './import/markdown/markdown.js';
export { importHtml } from './import/html/html.js';
export type { ImportHtmlOptions, ImportHtmlResult } from './import/html/html.js';
export { HEAVY_READERS, readReport, sniffForm } from './import/read.js';
export type { HeavyForm, HeavyReader, HeavyReaderEntry, ReadReportOptions, ReadReportResult, ReportForm } from './import/read.js';
export { assemble } from './import/core/assemble.js';
export type { AssembleOptions } from './import/core/assemble.js';
export { IssueList } from './import/core/issues.js';
export type {
  Layout,
  LayoutBlock,
  LayoutFacts,
  LayoutHeading,
  LayoutParagraph,
  LayoutTable,
  SourceLocation,
  Grid,
  GridCell,
} from './import/core/layout.js';
export { renderMarkdown } from './render/markdown.js';
export { renderText } from './render/text.js';
export type { RenderOptions, RenderSeverity, ValidationSummary } from './render/options.js';
export { FINDING_SYMBOL, HTML_STRINGS, renderHtml } from './render/html.js';
export type { HtmlIssue, HtmlIssueCell, HtmlStrings, HtmlValidation, RenderHtmlOptions } from './render/html.js';
export { htmlIndexEntry, renderHtmlIndex } from './render/html-index.js';
export type { HtmlIndexEntry, HtmlIndexOptions, HtmlIndexSource } from './render/html-index.js';
export { escapeHtml } from './render/html-escape.js';
