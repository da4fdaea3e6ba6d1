import { readFileSync } from 'node:fs';
import { importText } from '../src/index.js';
const t = JSON.parse(readFileSync('/tmp/cex.json','utf8')).text;
const r = importText(t);
const lines = t.split('\n').length;
for (const i of r.issues) if (typeof i.message !== 'string' || (i.line !== undefined && (i.line < 1 || i.line > lines)) || (i.endLine !== undefined && i.endLine < (i.line ?? 0))) console.log(JSON.stringify(i));
