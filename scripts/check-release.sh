#!/usr/bin/env bash
# Dry run of a release: in a scratch copy, `npx changeset version` must consume every pending
# changeset, bump the version and write a CHANGELOG.md that carries each changeset's summary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/.changeset" "$root/package.json" "$work/"
[ -f "$root/CHANGELOG.md" ] && cp "$root/CHANGELOG.md" "$work/"
ln -s "$root/node_modules" "$work/node_modules"
pending=$(find "$work/.changeset" -name '*.md' ! -name 'README.md' | wc -l)
before=$(node -p 'require(process.argv[1]).version' "$work/package.json")
(cd "$work" && git init -q && npx changeset version > /dev/null)
after=$(node -p 'require(process.argv[1]).version' "$work/package.json")
left=$(find "$work/.changeset" -name '*.md' ! -name 'README.md' | wc -l)
node - "$root/.changeset" "$work/CHANGELOG.md" "$before" "$after" "$pending" "$left" <<'JS'
const fs = require('fs');
const [dir, changelog, before, after, pending, left] = process.argv.slice(2);
const text = fs.readFileSync(changelog, 'utf8');
const problems = [];
if (Number(pending) > 0 && before === after) problems.push(`the version stayed ${before}`);
if (Number(left) !== 0) problems.push(`${left} changeset(s) were not consumed`);
if (!text.startsWith('# xxgk')) problems.push('CHANGELOG.md does not start with "# xxgk"');
if (!text.includes(`## ${after}`)) problems.push(`CHANGELOG.md has no "## ${after}" heading`);
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
  const body = fs.readFileSync(`${dir}/${file}`, 'utf8').split(/^---$/m)[2].trim();
  const first = body.split('\n')[0].trim();
  if (!text.includes(first)) problems.push(`CHANGELOG.md lacks the summary of ${file}`);
}
if (problems.length > 0) { console.error(problems.join('\n')); process.exit(1); }
console.log(`changeset version: ${before} → ${after}, ${pending} changeset(s) in CHANGELOG.md`);
JS
