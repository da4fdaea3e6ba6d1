import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
// ESM-only helpers are bundled so that the CommonJS build needs no require(esm).
const common: Options = {
  sourcemap: true,
  clean: false,
  target: 'node20',
  define: { __XXGK_VERSION__: JSON.stringify(version) },
  noExternal: ['get-east-asian-width'],
};
/** A package entry point, in ESM and CommonJS with its types. */
const entry = (name: string, file: string, extra: Options = {}): Options => ({
  ...common,
  entry: { [name]: file },
  format: ['esm', 'cjs'],
  dts: true,
  treeshake: true,
  ...extra,
});

export default defineConfig([
  // The JSON Schema the package ships, at the address its $id names.
  entry('index', 'src/index.ts', { clean: true, onSuccess: 'node scripts/write-schema.mjs' }),
  // The PDF importer: its own entry, so that the core entry never loads pdfjs-dist (an external
  // dependency, imported on first use). Shims give the CommonJS build import.meta.url.
  entry('pdf', 'src/pdf.ts', { shims: true }),
  // xxgk/docx: Word import and export, its own bundle so that the root entry loads no zip or Word code.
  entry('docx', 'src/docx.ts'),
  { ...common, entry: { cli: 'src/cli/main.ts' }, format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } },
]);
