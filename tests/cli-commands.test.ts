import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, root, scratch, xxgk } from './helpers/cli.js';
import { COMMANDS } from '../src/cli/help.js';

const page = (name: string) => join(root, 'tests/fixtures/html', name);
const { work, file } = scratch('xxgk-cli-commands-');
const qingshan2022 = () => JSON.parse(readFileSync(example('qingshan-2022.json'), 'utf8'));
const HAN = /\p{Script=Han}/u;

describe('help per subcommand', () => {
  it.each(Object.keys(COMMANDS))('xxgk %s --help and -h print its usage, options and one example, exit 0', (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout, stderr } = xxgk([command, flag, '--locale', 'en']);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: xxgk ${command}`));
      expect(stdout).toContain('Options:');
      expect(stdout).toMatch(/Example:\n {2}xxgk /);
      // Apart from the command line itself, the English help has no Chinese but the example's names.
      expect(stdout.split('Example:')[0]!.replace(/\(政府信息公开工作年度报告\)/, '')).not.toMatch(HAN);
    }
    const zh = xxgk([command, '-h']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(new RegExp(`^用法：xxgk ${command}`));
    expect(zh.stdout).toContain('选项：');
    expect(zh.stdout).toMatch(/示例：\n {2}xxgk /);
  });

  it('help wins over other arguments, but not after --', () => {
    expect(xxgk(['validate', 'missing.json', '--json', '--help']).code).toBe(0);
    expect(xxgk(['validate', '--', '--help']).code).toBe(2); // a file named --help
  });
});

describe('exit codes: unusable input is 2, a partial report is 1', () => {
  it('an unknown format id is one clear error, exit 2, in validate, import and for label JSON', () => {
    const canonical = file('unknown-format.json', JSON.stringify({ ...qingshan2022(), format: 'gov-1999' }));
    const labels = file('unknown-format-labels.json', JSON.stringify({ format: 'gov-1999', agency: '甲', year: 2022, cells: {} }));
    for (const args of [['validate', canonical], ['import', canonical], ['render', canonical], ['validate', labels], ['import', labels]]) {
      const { code, stdout, stderr } = xxgk([...args, '--locale', 'en']);
      expect(code, args.join(' ')).toBe(2);
      expect(`${stdout}${stderr}`).toContain('gov-1999');
      expect(`${stdout}${stderr}`).not.toContain('(undefined)');
    }
    expect(xxgk(['validate', canonical, '--locale', 'en']).stdout).toContain('unknown report format "gov-1999"; run "xxgk formats" to list them');
  });

  it('a page with values that could not be placed: the report is validated, the rest listed, exit 1', () => {
    const { code, stdout } = xxgk(['validate', page('problems.html'), '--locale', 'en']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error \[import\.unknown_label\] table 2, row 29, column 1/);
    expect(stdout).toMatch(/1 file\(s\): 1 with errors/);
    const imported = xxgk(['import', page('problems.html'), '--locale', 'en']);
    expect(imported.code).toBe(1);
    expect(JSON.parse(imported.stdout).format).toBe('gov-2021');
  });

  it('PDF, DOCX, a legacy .doc and another zip are recognised by their bytes and answered clearly', () => {
    const pdf = file('report.bin', Buffer.from('%PDF-1.7\n%âãÏÓ\n'));
    const doc = file('old.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const docx = file('new.docx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('word/document.xml')]));
    const zip = file('sheet.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26), Buffer.from('xl/workbook.xml')]));
    const { code, stdout } = xxgk(['validate', pdf, doc, docx, zip, '--locale', 'en']);
    expect(code).toBe(2);
    // The command reads PDF and .docx itself: a damaged one is named as such.
    expect(stdout).toContain(`${pdf}: the input cannot be read: the PDF is damaged or not a PDF`);
    expect(stdout).toContain(`${doc}: a legacy binary Word document (.doc)`);
    expect(stdout).toContain('save it as .docx');
    expect(stdout).toContain(`${docx}: the input cannot be read: not a complete zip archive`);
    expect(stdout).toContain(`${zip}: a ZIP archive`);
    expect(xxgk(['import', doc])).toMatchObject({ code: 2, stdout: '' });
  });
});

describe('--agency and --year supply what the input does not state', () => {
  it('label JSON without agency and year is unusable, and usable with them', () => {
    const labels = file('no-metadata.json', JSON.stringify({ format: 'gov-2021', cells: { 行政复议: { 结果维持: 1, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 1 } } }));
    expect(xxgk(['validate', labels]).code).toBe(2);
    const { code, stdout } = xxgk(['import', labels, '--agency', '青山市统计局', '--year', '2023']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).metadata).toMatchObject({ agency: '青山市统计局', year: 2023 });
    expect(xxgk(['validate', labels, '--agency', '青山市统计局', '--year', '2023']).code).toBe(0);
  });

  it('what the input states wins', () => {
    const { stdout } = xxgk(['import', example('qingshan-2022.json'), '--agency', '别的机关', '--year', '2030']);
    expect(JSON.parse(stdout).metadata).toMatchObject({ agency: '青山市自然资源和规划局', year: 2022 });
  });

  it('--year must be a year', () => {
    expect(xxgk(['import', example('qingshan-2022.json'), '--year', '22', '--locale', 'en'])).toMatchObject({
      code: 2,
      stderr: 'xxgk: --year must be a year between 2000 and 2100\n',
    });
  });
});

describe('validate --json gives every field of every finding', () => {
  it('fingerprint, rule kind, difference, quoted text, section, alsoEquals, absent cells, bounds', () => {
    const report = qingshan2022();
    report.tables.reviewLitigation['reviewLitigation.cases']['review.upheld'] += 1;
    const broken = file('broken-a5.json', JSON.stringify(report));
    const out = JSON.parse(xxgk(['validate', '--json', broken, example('jiangbei-2017.json')]).stdout);
    const a5 = out.files[0].issues.find((i: { rule: string }) => i.rule === 'A5');
    expect(a5).toMatchObject({
      source: 'validate',
      code: 'identity_mismatch',
      ruleKind: expect.any(String),
      fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/),
      difference: expect.anything(),
      left: expect.any(Array),
      right: expect.any(Array),
      absent: expect.any(Array),
      sides: expect.any(Object),
    });
    const narrative = out.files[1].issues.find((i: { code: string }) => i.code === 'narrative_mismatch');
    expect(narrative).toMatchObject({ quoted: 793, actual: 803, difference: -10, excerpt: expect.stringContaining('793'), section: expect.any(String), alsoEquals: expect.any(Array) });
    expect(narrative.alsoEquals.length).toBeGreaterThan(0);
  });

  it('check-hierarchy --json uses the same envelope as validate --json', () => {
    const sum = join(work, 'hierarchy-sum.json');
    xxgk(['aggregate', '--agency', '汇总', '-o', sum, example('qingshan-2022.json'), example('qingshan-2022.json')]);
    const checked = JSON.parse(xxgk(['check-hierarchy', '--json', sum, example('qingshan-2022.json')]).stdout);
    const validated = JSON.parse(xxgk(['validate', '--json', sum]).stdout);
    expect(Object.keys(checked).filter((k) => k !== 'checked')).toEqual(Object.keys(validated));
    expect(Object.keys(checked.files[0])).toEqual(Object.keys(validated.files[0]));
    expect(Object.keys(checked.summary)).toEqual(Object.keys(validated.summary));
    expect(checked.files[0].issues[0]).toMatchObject({ source: 'validate', code: 'hierarchy_mismatch', fingerprint: expect.any(String) });
  });

  it('formats --json prints the formats and one format as data', () => {
    const list = JSON.parse(xxgk(['formats', '--json']).stdout);
    expect(list.map((f: { id: string }) => f.id)).toEqual(['gov-2014', 'gov-2019', 'gov-2021']);
    const format = JSON.parse(xxgk(['formats', 'gov-2021', '--json']).stdout);
    expect(format.id).toBe('gov-2021');
    expect(format.tables.length).toBeGreaterThan(0);
    expect(format.identities.some((i: { rule: string }) => i.rule === 'A3')).toBe(true);
  });
});

describe('waivers and severity overrides', () => {
  const broken = () => {
    const report = qingshan2022();
    report.tables.reviewLitigation['reviewLitigation.cases']['review.upheld'] += 1;
    return file('broken-waive.json', JSON.stringify(report));
  };

  it('--waivers accepts findings by fingerprint, with their reason; the report no longer fails', () => {
    const target = broken();
    const findings = JSON.parse(xxgk(['validate', '--json', target]).stdout).files[0].issues as Array<{ severity: string; fingerprint: string }>;
    const errors = findings.filter((i) => i.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    const waivers = file('waivers.json', JSON.stringify(errors.map((e) => ({ fingerprint: e.fingerprint, reason: '已核实：复议案件跨年度' }))));
    const waived = xxgk(['validate', target, '--waivers', waivers]);
    expect(waived.code).toBe(0);
    expect(waived.stdout).toContain('已豁免: 已核实：复议案件跨年度');
    const json = JSON.parse(xxgk(['validate', '--json', target, '--waivers', waivers]).stdout);
    expect(json.summary).toMatchObject({ errors: 0, waived: errors.length });
  });

  it('a waivers file without reasons, or not JSON, is unusable: exit 2', () => {
    const target = broken();
    expect(xxgk(['validate', target, '--waivers', file('w1.json', '[{"fingerprint":"abcd1234"}]'), '--locale', 'en']).stderr).toMatch(/waiver 1 must be an object with a non-empty reason/);
    expect(xxgk(['validate', target, '--waivers', file('w2.json', 'nope')]).code).toBe(2);
  });

  it('--severity turns a rule down, off or up; repeated or comma-separated', () => {
    const target = broken();
    expect(xxgk(['validate', target, '--severity', 'A5=warning']).code).toBe(0);
    const off = JSON.parse(xxgk(['validate', '--json', target, '--severity', 'A5=off,A8=off']).stdout).files[0].issues;
    expect(off.some((i: { rule: string }) => i.rule === 'A5' || i.rule === 'A8')).toBe(false);
    expect(xxgk(['validate', example('jiangbei-2017.json'), '--severity', 'A11=error']).code).toBe(1);
    expect(xxgk(['validate', example('jiangbei-2017.json'), '--severity', 'A11=error', '--severity', 'A11=info']).code).toBe(0);
    expect(xxgk(['validate', target, '--severity', 'A5=fatal', '--locale', 'en']).stderr).toMatch(/--severity "A5=fatal" must be RULE=error\|warning\|info\|off/);
    expect(xxgk(['validate', target, '--severity', 'Z9=off', '--locale', 'en']).stderr).toMatch(/there is no rule "Z9"/);
  });
});

describe('one language per locale', () => {
  it('--locale en: the command\'s own lines, import messages and usage errors have no Chinese besides quoted labels and file names', () => {
    const { stdout } = xxgk(['validate', page('problems.html'), example('qingshan-2022.json'), join(work, 'nothing.json'), '--locale', 'en']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^3 file\(s\): /);
    expect(lines.at(-1)).not.toMatch(HAN);
    expect(lines).toContain(`${join(work, 'nothing.json')}: no such file`);
    // Every finding line: the words outside quotes and label paths are English.
    for (const line of lines.filter((l) => /^ {2}(error|warning|info) /.test(l))) expect(line).toMatch(/^ {2}(error|warning|info) \[[\w.]+\] [\x20-\x7e]/);
    expect(xxgk(['import', join(work, 'nothing.json'), '--locale', 'en']).stderr).not.toMatch(HAN);
    expect(xxgk(['aggregate', '--locale', 'en']).stderr).not.toMatch(HAN);
  });

  it('every subcommand takes --locale: schema, and formats whose tree speaks the locale', () => {
    expect(xxgk(['schema', '--locale', 'en']).code).toBe(0);
    const en = xxgk(['formats', 'gov-2021', '--locale', 'en']).stdout;
    expect(en).toContain('identities:');
    expect(en).toContain("A10 [customary, warning] carried over this year = last year's carried forward");
    const zh = xxgk(['formats', 'gov-2021']).stdout;
    expect(zh).toContain('恒等式：');
    expect(zh).not.toContain('identities:');
  });

  it('zh-CN (the default): the summary, file errors and severities are Chinese', () => {
    const { stdout } = xxgk(['validate', page('problems.html'), join(work, 'nothing.json')]);
    expect(stdout).toContain(`${join(work, 'nothing.json')}: 文件不存在`);
    expect(stdout).toMatch(/ {2}错误 \[import\.unknown_label\] 第 2 个表格/);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^共 2 个文件：1 个有错误/);
    expect(stdout).not.toMatch(/\b(error|warning|file\(s\))\b/);
  });

  it('library terms become the command\'s: no options.year or { mapFormats: true } in messages', () => {
    const a = file('years/a.json', readFileSync(example('qingshan-2020.json')));
    const b = file('years/b.json', readFileSync(example('qingshan-2022.json')));
    for (const locale of ['en', 'zh-CN']) {
      const { code, stderr } = xxgk(['aggregate', '--agency', '汇总', a, b, '--locale', locale]);
      expect(code).toBe(2);
      expect(stderr).toContain('--year');
      expect(stderr).not.toMatch(/options\.|mapFormats/);
      const formats = xxgk(['aggregate', '--agency', '汇总', '--year', '2022', a, b, '--locale', locale]);
      expect(formats.code).toBe(2);
      expect(formats.stderr).toContain('--map-formats');
      expect(formats.stderr).not.toMatch(/mapFormats/);
    }
  });
});

describe('many files', () => {
  const tree = () => {
    const dir = join(work, 'tree');
    const good = qingshan2022();
    const bad = qingshan2022();
    bad.tables.reviewLitigation['reviewLitigation.cases']['review.upheld'] += 1;
    file('tree/a/good.json', JSON.stringify(good));
    file('tree/a/b/bad.json', JSON.stringify(bad));
    file('tree/seed.txt', readFileSync(example('jiangbei-2017.txt')));
    file('tree/notes.csv', 'not a report'); // not a report extension: not read
    file('tree/.hidden/x.json', '{}');
    return dir;
  };

  it('a directory is searched recursively by extension; --quiet lists only files with findings; the summary counts files', () => {
    const dir = tree();
    const { code, stdout } = xxgk(['validate', dir, '--quiet', '--locale', 'en']);
    expect(code).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith(' '))).toEqual([
      `${join(dir, 'a/b/bad.json')} (gov-2021)`,
      `${join(dir, 'seed.txt')} (gov-2014)`,
      '3 file(s): 1 with errors, 1 with warnings, 0 unusable; 1 error(s), 1 warning(s), 0 info',
    ]);
    expect(stdout).not.toContain('good.json');
    expect(stdout).not.toMatch(/^ {2}info /m);
  });

  it('--report csv and json: one line per file that sorts, the summary on stderr', () => {
    const dir = tree();
    const csv = xxgk(['validate', dir, '--report', 'csv', '--locale', 'en']);
    expect(csv.code).toBe(1);
    const rows = csv.stdout.replace(/^\ufeff/, '').trimEnd().split('\n');
    expect(rows[0]).toBe('file,agency,year,format,status,errors,warnings,firstFinding');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toMatch(/bad\.json,青山市自然资源和规划局,2022,gov-2021,errors,1,0,"\[A5\] /);
    expect(csv.stderr).toMatch(/^3 file\(s\)/);
    const out = join(work, 'report.json');
    expect(xxgk(['validate', dir, '--report', 'json', '-o', out]).code).toBe(1);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.map((r: { status: string }) => r.status)).toEqual(['errors', 'ok', 'ok']);
    expect(json[2]).toMatchObject({ agency: expect.any(String), year: 2017, format: 'gov-2014', errors: 0, warnings: 1, firstFinding: expect.stringMatching(/^\[A11\]/) });
    expect(xxgk(['validate', dir, '--report', 'xml', '--locale', 'en']).stderr).toBe('xxgk: --report must be one of csv, json, html\n');
    expect(xxgk(['validate', dir, '--report', 'csv', '--json']).code).toBe(2);
  });

  it('csv fields that a spreadsheet would read as formulas are quoted as text', () => {
    const report = qingshan2022();
    report.metadata.agency = '=HYPERLINK("x")';
    const { stdout } = xxgk(['validate', file('formula.json', JSON.stringify(report)), '--report', 'csv']);
    expect(stdout).toContain(`"'=HYPERLINK(""x"")"`);
  });
});

describe('aggregate prints coverage and provenance and warns of duplicates', () => {
  it('coverage: reports, agencies, partial cells; the same report twice is named', () => {
    const copy = file('copy-of-2022.json', readFileSync(example('qingshan-2022.json')));
    const { code, stderr } = xxgk(['aggregate', '--agency', '汇总', example('qingshan-2022.json'), copy, '--locale', 'en']);
    expect(code).toBe(0);
    expect(stderr).toContain(`warning: ${example('qingshan-2022.json')} and ${copy} have the same content; both are counted`);
    expect(stderr).toContain('xxgk: summed 2 report(s) of 1 agency');
    expect(stderr).toContain('xxgk: agencies: 青山市自然资源和规划局');
  });

  it('the same agency and year in two different files is named', () => {
    const other = qingshan2022();
    other.tables.reviewLitigation['reviewLitigation.cases']['review.upheld'] += 0;
    other.sections = [];
    const second = file('second-2022.json', JSON.stringify(other));
    const { stderr } = xxgk(['aggregate', '--agency', '汇总', example('qingshan-2022.json'), second, '--locale', 'en']);
    expect(stderr).toContain('are reports of the same agency and year (青山市自然资源和规划局, 2022)');
  });

  it('--map-formats says which cells were mapped, and two valid reports of 2020 and 2022 combine into a valid one', () => {
    for (const [name, args] of [['2020', [example('qingshan-2020.json')]], ['2022', [example('qingshan-2022.json')]]] as const) {
      expect(xxgk(['validate', ...args]).code, name).toBe(0);
    }
    const out = join(work, 'mapped.json');
    const { code, stderr } = xxgk(['aggregate', '--agency', '汇总', '--year', '2022', '--map-formats', example('qingshan-2020.json'), example('qingshan-2022.json'), '-o', out, '--locale', 'en']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/青山市自然资源和规划局 \(gov-2019\) mapped to gov-2021 by cell id; \d+ cell\(s\) its format lacks were not counted/);
    expect(stderr).toContain('applications/applications.results.other: 青山市自然资源和规划局 reported only the subtotal');
    expect(stderr).not.toContain('the combined report has');
    const combined = JSON.parse(xxgk(['validate', '--json', out]).stdout);
    expect(combined.files[0].issues.filter((i: { severity: string }) => i.severity === 'error')).toEqual([]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const a2020 = JSON.parse(readFileSync(example('qingshan-2020.json'), 'utf8')).tables.applications;
    const a2022 = JSON.parse(readFileSync(example('qingshan-2022.json'), 'utf8')).tables.applications;
    const other2022 = ['noCorrection', 'feeUnpaid', 'other'].reduce((n, k) => n + a2022[`applications.results.other.${k}`].total, 0);
    expect(report.tables.applications['applications.results.other'].total).toBe(a2020['applications.results.other'].total + other2022);
    expect(report.tables.applications['applications.results.other.noCorrection'].total).toBeNull();
  });
});

describe('the review page and the Word document from the command', () => {
  it('render --to html writes the review page with the findings on their cells; --to docx writes a Word document that reads back', () => {
    const broken = qingshan2022();
    broken.tables.applications['applications.results.total'].naturalPerson += 1;
    const input = file('broken.json', JSON.stringify(broken));
    const html = join(work, 'broken.html');
    expect(xxgk(['render', input, '--to', 'html', '-o', html]).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/i);
    expect(page).toContain('id="c-applications.results.total/naturalPerson"');
    expect(page).toMatch(/href="#f\d+"/);
    const docx = join(work, 'report.docx');
    expect(xxgk(['render', example('qingshan-2022.json'), '--to', 'docx', '-o', docx]).code).toBe(0);
    expect(readFileSync(docx).subarray(0, 2).toString('latin1')).toBe('PK');
    const back = xxgk(['import', docx]);
    expect(back.code).toBe(0);
    // Every present cell comes back (the Word reader writes absent cells as null, the example leaves them out).
    const present = (json: string) =>
      Object.values(JSON.parse(json).tables as Record<string, Record<string, Record<string, unknown>>>)
        .flatMap((rows) => Object.entries(rows).flatMap(([row, cells]) => Object.entries(cells).filter(([, v]) => v !== null).map(([column, v]) => `${row}/${column}=${String(v)}`)))
        .sort();
    expect(present(back.stdout).length).toBeGreaterThan(100);
    expect(present(back.stdout)).toEqual(present(xxgk(['import', example('qingshan-2022.json')]).stdout));
    expect(xxgk(['render', example('qingshan-2022.json'), '--to', 'docx']).code).toBe(2);
  });

  it('validate --report html -o dir writes a page per input and an index linking them, with an unusable input listed', () => {
    const dir = join(work, 'review');
    const bad = file('empty.txt', '');
    const { code } = xxgk(['validate', example('qingshan-2022.json'), page('gov-2021.html'), bad, '--report', 'html', '-o', dir]);
    expect(code).toBe(2);
    const index = readFileSync(join(dir, 'index.html'), 'utf8');
    expect(index).toContain('0001-qingshan-2022.json.html');
    expect(index).toContain('0002-gov-2021.html.html');
    expect(index).toContain('empty.txt');
    expect(readFileSync(join(dir, '0001-qingshan-2022.json.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(xxgk(['validate', example('qingshan-2022.json'), '--report', 'html']).code).toBe(2);
  });
});
