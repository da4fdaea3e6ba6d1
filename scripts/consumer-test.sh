#!/usr/bin/env bash
# Packs xxgk, installs the tarball into a fresh ESM project and a fresh CommonJS project (offline:
# dependencies come from the npm cache that `npm ci` filled), and uses it as a consumer would:
# import validate, renderMarkdown and formats, validate the bundled example, run the xxgk binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$root" && npm pack --ignore-scripts --silent --pack-destination "$work" | tail -n 1)"
cp "$root/examples/jiangbei-2017.json" "$work/example.json"
cp "$root/tests/fixtures/pdf/qingshan-2022.soffice.pdf" "$work/report.pdf"

install() { # $1: project directory, $2: module type
  mkdir -p "$1"
  printf '{ "name": "consumer-%s", "private": true, "type": "%s" }\n' "$2" "$2" > "$1/package.json"
  if ! (cd "$1" && npm install --offline --no-audit --no-fund --silent "$work/$tarball" 2>/dev/null); then
    # No npm cache to install from: unpack the tarball as npm would and link its dependencies from
    # the project's node_modules (the package itself is still only what the tarball holds).
    echo "consumer test: npm cache empty; unpacking the tarball and linking its dependencies" >&2
    mkdir -p "$1/node_modules/xxgk" "$1/node_modules/.bin"
    tar -xzf "$work/$tarball" -C "$1/node_modules/xxgk" --strip-components=1
    for dep in $(node -e 'console.log(Object.keys(require(process.argv[1]).dependencies ?? {}).join(" "))' "$root/package.json"); do
      mkdir -p "$(dirname "$1/node_modules/$dep")"
      ln -sfn "$root/node_modules/$dep" "$1/node_modules/$dep"
    done
    ln -sfn ../xxgk/dist/cli.js "$1/node_modules/.bin/xxgk"
  fi
}

install "$work/esm" module
cat > "$work/esm/check.js" <<'JS'
import { readFileSync } from 'node:fs';
import { formats, parseReport, renderMarkdown, validate } from 'xxgk';
const parsed = parseReport(readFileSync('../example.json', 'utf8'));
if (!parsed.success) throw new Error('the example does not parse');
const result = validate(parsed.data);
const narrative = result.issues.find((i) => i.code === 'narrative_mismatch');
if (!narrative || !/793/.test(narrative.message)) throw new Error('the 793 ≠ 803 finding is missing');
const markdown = renderMarkdown(parsed.data);
if (!markdown.includes('# 江北区') || !markdown.includes('803')) throw new Error('renderMarkdown output is wrong');
if (!formats['gov-2021']) throw new Error('formats has no gov-2021');
console.log(`ESM consumer: ${result.issues.length} issue(s), ${markdown.length} characters of Markdown`);
JS
(cd "$work/esm" && node check.js)

install "$work/cjs" commonjs
cat > "$work/cjs/check.js" <<'JS'
const { readFileSync } = require('node:fs');
const { formats, parseReport, renderMarkdown, validate } = require('xxgk');
const parsed = parseReport(readFileSync('../example.json', 'utf8'));
if (!parsed.success) throw new Error('the example does not parse');
const result = validate(parsed.data);
if (!result.issues.some((i) => i.code === 'narrative_mismatch')) throw new Error('the narrative finding is missing');
if (!renderMarkdown(parsed.data).includes('803')) throw new Error('renderMarkdown output is wrong');
if (Object.keys(formats).length < 3) throw new Error('formats is incomplete');
console.log(`CommonJS consumer: ${result.issues.length} issue(s)`);
JS
(cd "$work/cjs" && node check.js)

# The shipped types, as a consumer's compiler sees them: an ESM project and a CommonJS project under
# "module": "NodeNext", with skipLibCheck false so that every .d.ts of xxgk and its dependencies is checked.
tsc="$root/node_modules/typescript/bin/tsc"
typecheck() { # $1: project directory, $2: file extension of the check file
  mkdir -p "$1/node_modules/@types"
  ln -sfn "$root/node_modules/@types/node" "$1/node_modules/@types/node"
  cat > "$1/tsconfig.json" <<'JSON'
{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "target": "ES2022", "strict": true,
    "skipLibCheck": false, "noEmit": true, "types": ["node"] }, "files": ["typed.PLACEHOLDER"] }
JSON
  sed -i "s/PLACEHOLDER/$2/" "$1/tsconfig.json"
  (cd "$1" && node "$tsc" -p tsconfig.json)
}
cat > "$work/esm/typed.mts" <<'TS'
import { readFileSync } from 'node:fs';
import { parseReport, readReport, toDecimal, validate, type Issue, type Report } from 'xxgk';
const parsed = parseReport(readFileSync('../example.json', 'utf8'));
if (!parsed.success) throw new Error('no parse');
const report: Report = parsed.data;
const issues: readonly Issue[] = validate(report).issues;
const sum: string = toDecimal('0.1').plus(toDecimal('0.2')).toString();
const read = await readReport(new TextEncoder().encode('{}'), { filename: 'x.json' });
console.log(issues.length, sum, read.report === undefined);
TS
typecheck "$work/esm" mts
cat > "$work/cjs/typed.cts" <<'TS'
import { parseReport, toDecimal, validate, type Issue } from 'xxgk';
const parsed = parseReport('{}');
const issues: readonly Issue[] = parsed.success ? validate(parsed.data).issues : [];
const sum: string = toDecimal('0.1').plus(toDecimal('0.2')).toString();
console.log(issues.length, sum);
TS
typecheck "$work/cjs" cts
echo "types: ESM and CommonJS consumers type-check under NodeNext with skipLibCheck false"

# xxgk/docx, its own entry point: a Word document written and read back, in ESM and CommonJS.
cat > "$work/esm/docx.js" <<'JS'
import { readFileSync } from 'node:fs';
import { parseReport } from 'xxgk';
import { importDocx, renderDocx } from 'xxgk/docx';
const parsed = parseReport(readFileSync('../example.json', 'utf8'));
const bytes = await renderDocx(parsed.data);
const { report, issues } = importDocx(bytes);
if (issues.length > 0 || report?.tables.statistics?.['proactive.published']?.value !== 803) {
  throw new Error('xxgk/docx: the example does not read back');
}
console.log(`ESM consumer of xxgk/docx: ${bytes.length} bytes of .docx read back`);
JS
(cd "$work/esm" && node docx.js)
cat > "$work/cjs/docx.js" <<'JS'
const { readFileSync } = require('node:fs');
const { parseReport } = require('xxgk');
const { importDocx, renderDocx } = require('xxgk/docx');
const parsed = parseReport(readFileSync('../example.json', 'utf8'));
renderDocx(parsed.data).then((bytes) => {
  if (importDocx(bytes).issues.length > 0) throw new Error('xxgk/docx (CommonJS): the example does not read back');
  console.log('CommonJS consumer of xxgk/docx: read back');
});
JS
(cd "$work/cjs" && node docx.js)

# xxgk/pdf, its own entry point: a PDF read, in ESM and CommonJS; the core entry loads no pdfjs-dist.
cat > "$work/esm/pdf.js" <<'JS'
import { readFileSync } from 'node:fs';
import { importPdf } from 'xxgk/pdf';
const { report } = await importPdf(readFileSync('../report.pdf'));
if (report?.format !== 'gov-2021') throw new Error('xxgk/pdf: the PDF does not read');
console.log(`ESM consumer of xxgk/pdf: ${report.metadata.agency} ${report.metadata.year}`);
JS
(cd "$work/esm" && node pdf.js)
cat > "$work/cjs/pdf.js" <<'JS'
const { readFileSync } = require('node:fs');
require('xxgk');
if (Object.keys(require.cache).some((k) => k.includes('pdfjs-dist'))) throw new Error('the core entry loaded pdfjs-dist');
const { importPdf } = require('xxgk/pdf');
importPdf(readFileSync('../report.pdf')).then(({ report }) => {
  if (report?.format !== 'gov-2021') throw new Error('xxgk/pdf (CommonJS): the PDF does not read');
  console.log('CommonJS consumer of xxgk/pdf: read; the core entry loaded no pdfjs-dist');
});
JS
(cd "$work/cjs" && node pdf.js)

# The installed binary: version, and a validation of the example as JSON (warnings only: exit 0).
(cd "$work/esm" && npx --no-install xxgk --version)
set +e
(cd "$work/esm" && npx --no-install xxgk validate ../example.json --json > ../validate.json)
status=$?
set -e
if [ "$status" -ne 0 ]; then echo "xxgk validate exited $status" >&2; exit 1; fi
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const file = r.files[0];
  if (!file || file.format !== "gov-2014" || !file.issues.some((i) => i.code === "narrative_mismatch")) {
    console.error("xxgk validate --json did not report the example as expected"); process.exit(1);
  }
  console.log(`xxgk binary: ${file.issues.length} issue(s) in ${file.file}`);
' "$work/validate.json"
echo "consumer test passed"
