// xxgk/pdf — importing reports from their PDFs. A separate entry point, so that `import … from 'xxgk'`
// never loads the PDF engine (pdfjs-dist), which this entry loads on first use.
export { DEFAULT_MAX_PAGES, DEFAULT_TIME_LIMIT_MS, importPdf, isPdf } from './import/pdf/index.js';
export type { ImportPdfOptions } from './import/pdf/index.js';
