// xxgk/docx — Word documents: importDocx reads a .docx into a report, renderDocx writes a report as a
// .docx in the official layout. A separate entry point, so that `import … from 'xxgk'` loads no zip
// or Word code.
export { importDocx, isCompoundFile, looksLikeDocx, DOCX_LIMITS } from './import/docx/import.js';
export type { ImportDocxOptions } from './import/docx/import.js';
export type { ZipLimits } from './import/docx/zip.js';
export { renderDocx, DOCX_FONTS, DOCX_FONT_FALLBACKS } from './render/docx.js';
export { DOCX_PROPERTIES } from './formats/conventions.js';
export type { RenderDocxOptions } from './render/docx.js';
