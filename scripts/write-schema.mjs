// Writes the JSON Schema of the canonical report document into the build (dist/schema/report-vN.json),
// the file its $id names, so that the package ships what the schema says it is. Run after tsup.
import { mkdirSync, writeFileSync } from 'node:fs';
import { SCHEMA_VERSION, toJSONSchema } from '../dist/index.js';

const dir = new URL('../dist/schema/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL(`report-v${SCHEMA_VERSION}.json`, dir), `${JSON.stringify(toJSONSchema(), null, 2)}\n`);
