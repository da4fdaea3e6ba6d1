// Checks what `npm pack` would publish: only dist/, README.md, LICENSE, CHANGELOG.md (and the
// package.json npm always adds), and every file the package's exports and bin point at.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const files = pack.files.map((f) => f.path).sort();
const allowed = (path) => path.startsWith('dist/') || ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json'].includes(path);
const stray = files.filter((f) => !allowed(f));

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const targets = new Set();
const walk = (value) => {
  if (typeof value === 'string') targets.add(value.replace(/^\.\//, ''));
  else if (value && typeof value === 'object') Object.values(value).forEach(walk);
};
walk(pkg.exports);
walk(pkg.bin);
for (const key of ['main', 'module', 'types']) if (pkg[key]) walk(pkg[key]);
const missing = [...targets].filter((t) => !files.includes(t));
for (const required of ['README.md', 'LICENSE']) if (!files.includes(required)) missing.push(required);

console.log(`npm pack: ${files.length} files, ${(pack.size / 1024).toFixed(1)} KB packed, ${(pack.unpackedSize / 1024).toFixed(1)} KB unpacked`);
for (const f of files) console.log(`  ${f}`);
if (stray.length > 0) console.error(`not meant to be published: ${stray.join(', ')}`);
if (missing.length > 0) console.error(`missing from the package: ${missing.join(', ')}`);
process.exit(stray.length > 0 || missing.length > 0 ? 1 : 0);
