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
