import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
const define = { __XXGK_VERSION__: JSON.stringify(version) };
// ESM-only helpers are bundled so that the CommonJS build needs no require(esm).
const noExternal = ['get-east-asian-width'];

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    // The JSON Schema the package ships, at the address its $id names.
    onSuccess: 'node scripts/write-schema.mjs',
    target: 'node20',
    treeshake: true,
    define,
    noExternal,
  },
  {
    // The PDF importer: its own entry, so that the core entry never loads pdfjs-dist (an external
    // dependency, imported on first use). Shims give the CommonJS build import.meta.url.
    entry: { pdf: 'src/pdf.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    treeshake: true,
    shims: true,
    define,
    noExternal,
  },
  {
    // xxgk/docx: Word import and export, its own bundle so that the root entry loads no zip or Word code.
    entry: { docx: 'src/docx.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
    treeshake: true,
    define,
    noExternal,
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    define,
    noExternal,
  },
]);
