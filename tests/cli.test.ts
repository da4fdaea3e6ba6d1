import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { bin, example, root, scratch, xxgk } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const { work, file } = scratch('xxgk-cli-');

describe('xxgk --version, --help, formats, schema', () => {
  it('prints its version and help', () => {
    expect(xxgk(['--version'])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const help = xxgk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('xxgk validate <files|directories…>');
  });

  it('lists the formats and prints one tree with ids, labels, units and relations', () => {
    expect(xxgk(['formats']).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['gov-2014', 'gov-2019', 'gov-2021']);
    const tree = xxgk(['formats', '2014']).stdout;
    expect(tree).toContain('requests.received  （一）收到申请数  (件, sum)');
    expect(tree).toContain('B1 [official, error]');
  });

  it('prints the JSON Schema', () => {
    const { code, stdout } = xxgk(['schema']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('exits 2 with one line for a wrong usage', () => {
    expect(xxgk(['frobnicate', '--locale', 'en'])).toEqual({ code: 2, stdout: '', stderr: 'xxgk: unknown command "frobnicate"; run "xxgk --help"\n' });
    expect(xxgk(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: 'xxgk: 未知命令“frobnicate”；运行 xxgk --help 查看用法\n' });
    expect(xxgk(['formats', 'gov-1999'])).toMatchObject({ code: 2, stdout: '' });
    expect(xxgk(['validate', '--locale', 'en', '--absent', 'maybe', example('jiangbei-2017.json')])).toMatchObject({
      code: 2,
      stderr: 'xxgk: --absent must be one of skip, zero, error\n',
    });
    expect(xxgk(['validate', '--locale=en', '--nope', example('jiangbei-2017.json')]).stderr).toBe(
      'xxgk: unknown option --nope; run "xxgk <command> --help" for the command\'s options\n',
    );
  });
});

describe('xxgk validate', () => {
  it('reads canonical JSON, the seed text and label-keyed JSON by content, and finds 793 ≠ 803', () => {
    const seed = xxgk(['validate', example('jiangbei-2017.txt')]);
    expect(seed.code).toBe(0);
    expect(seed.stdout).toContain('警告 [A11] 正文称主动公开政府信息数为 793');
    const copy = file('seed-without-extension', readFileSync(example('jiangbei-2017.txt')));
    expect(xxgk(['validate', copy]).stdout).toContain('793');
    const labels = file('labels.data', JSON.stringify({ format: '2021', agency: '甲', year: 2022, cells: { '行政复议': { 结果维持: 1, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 2 } } }));
    const result = xxgk(['validate', '--json', labels]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).files[0].issues.some((i: { rule: string }) => i.rule === 'A5')).toBe(true);
  });

  it('--json has the documented shape', () => {
    const { code, stdout } = xxgk(['validate', '--json', '--locale', 'en', example('jiangbei-2017.json'), example('qingshan-2022.json')]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.summary).toEqual({ files: 2, ok: 2, filesWithErrors: 0, filesWithWarnings: 1, unusable: 0, errors: 0, warnings: 1, infos: 0, waived: 0 });
    const [seed, q] = out.files;
    expect(q).toEqual({ file: example('qingshan-2022.json'), format: 'gov-2021', agency: '青山市自然资源和规划局', year: 2022, ok: true, issues: [] });
    expect(seed.issues[0]).toMatchObject({
      source: 'validate',
      fingerprint: expect.stringMatching(/^[0-9a-f]{8}$/),
      ruleKind: 'customary',
      quoted: 793,
      difference: -10,
      excerpt: expect.stringContaining('793'),
      section: expect.any(String),
      alsoEquals: [expect.objectContaining({ row: 'proactive.channels.website' })],
      code: 'narrative_mismatch',
      severity: 'warning',
      rule: 'A11',
      message: expect.stringMatching(/^the text says information published proactively is 793/),
      cells: [
        expect.objectContaining({ table: 'statistics', row: 'proactive.published', column: 'value', rowLabel: '一、主动公开情况/（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）', columnLabel: '统计数' }),
        expect.objectContaining({ table: 'statistics', row: 'proactive.channels.website', column: 'value', rowLabel: '一、主动公开情况/（二）通过不同渠道和方式公开政府信息的情况/2.政府网站公开政府信息数', columnLabel: '统计数' }),
      ],
      actual: 803,
    });
  });

  it('exits 1 when a report has errors', () => {
    const report = JSON.parse(readFileSync(example('qingshan-2022.json'), 'utf8'));
    report.tables.reviewLitigation['reviewLitigation.cases']['review.upheld'] += 1;
    const { code, stdout } = xxgk(['validate', file('broken.json', JSON.stringify(report))]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/错误 \[A5\] 行政复议\/总计为/);
  });

  it('uses --previous for the cross-year rules and --absent for blanks', () => {
    const { stdout } = xxgk(['validate', '--json', '--previous', example('qingshan-2020.json'), example('qingshan-2022.json')]);
    const codes = JSON.parse(stdout).files[0].issues.map((i: { code: string }) => i.code);
    expect(codes).toContain('previous_year_mismatch');
    expect(codes).not.toContain('not_comparable'); // a report of two years back runs no cross-year rule
    const report = JSON.parse(readFileSync(example('jiangbei-2017.json'), 'utf8'));
    report.tables.statistics['requests.received.fax'].value = null;
    const blank = file('blank.json', JSON.stringify(report));
    expect(xxgk(['validate', blank]).code).toBe(0);
    expect(xxgk(['validate', '--absent', 'error', blank]).code).toBe(1);
  });

  it('reads standard input for "-"', () => {
    const { code, stdout } = xxgk(['validate', '-'], readFileSync(example('jiangbei-2017.txt')));
    expect(code).toBe(0);
    expect(stdout).toContain('793');
  });

  it('reads GB18030 text', () => {
    const bytes = iconv.encode(readFileSync(example('jiangbei-2017.txt'), 'utf8'), 'gb18030');
    expect(xxgk(['validate', file('seed-gb.txt', bytes)]).stdout).toContain('793');
  });
});

describe('bad inputs get one line and exit 2, never a stack trace', () => {
  it.each([
    ['a missing file', () => join(work, 'nope.json'), /: no such file$/],
    ['a directory without reports', () => mkdtempSync(join(work, 'empty-')), /: the directory holds no report files/],
    ['an empty file', () => file('empty.txt', ''), /: the file is empty$/],
    ['a binary file', () => file('binary.bin', Buffer.from([0, 1, 2, 0, 255, 0, 7])), /binary/],
    ['broken JSON', () => file('broken.json', '{"schemaVersion": 1, '), /not a valid xxgk report/],
  ])('%s', (_name, make, message) => {
    const { code, stdout, stderr } = xxgk(['validate', '--locale', 'en', make()]);
    expect(code).toBe(2);
    const line = `${stdout}${stderr}`.split('\n').find((l) => message.test(l));
    expect(line).toBeDefined();
    expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at /);
  });

  it('an unreadable file', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    const path = file('secret.json', '{}');
    chmodSync(path, 0o000);
    expect(xxgk(['validate', path]).code).toBe(2);
  });

  it('--json with a failing input among good ones still reports the good ones', () => {
    const { code, stdout } = xxgk(['validate', '--json', '--locale', 'en', example('qingshan-2022.json'), join(work, 'missing.json')]);
    expect(code).toBe(2);
    const out = JSON.parse(stdout);
    expect(out.files[0]).toMatchObject({ format: 'gov-2021', ok: true });
    expect(out.files[1]).toMatchObject({ ok: false, error: 'no such file' });
    expect(out.summary.unusable).toBe(1);
  });

  it('a broken pipe on stdout', () => {
    const script = `"${process.execPath}" "${bin}" render "${example('jiangbei-2017.json')}" --to text | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(['0', '2']).toContain(result.stdout.trim());
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('xxgk render, import, aggregate, check-hierarchy', () => {
  it('renders Markdown and text', () => {
    const md = xxgk(['render', example('qingshan-2022.json'), '--to', 'md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('一、总体情况');
    const text = xxgk(['render', example('jiangbei-2017.json'), '--to', 'text', '--width', '60']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('政府信息公开情况统计表');
  });

  it('imports the seed text to canonical JSON and to labels, and reads both back', () => {
    const out = join(work, 'seed.json');
    expect(xxgk(['import', example('jiangbei-2017.txt'), '-o', out]).code).toBe(0);
    const imported = JSON.parse(readFileSync(out, 'utf8'));
    const expected = JSON.parse(readFileSync(example('jiangbei-2017.json'), 'utf8'));
    expect(imported.tables).toEqual(expected.tables);
    const labels = xxgk(['import', out, '--to', 'labels']);
    expect(labels.code).toBe(0);
    const back = xxgk(['import', file('labels.json', labels.stdout)]);
    expect(JSON.parse(back.stdout).tables).toEqual(expected.tables);
  });

  it('aggregates files and NDJSON on standard input', () => {
    const q = readFileSync(example('qingshan-2022.json'), 'utf8');
    const files = xxgk(['aggregate', '--agency', '汇总', example('qingshan-2022.json'), example('qingshan-2022.json')]);
    expect(files.code).toBe(0);
    const sum = JSON.parse(files.stdout);
    const one = JSON.parse(q);
    expect(sum.tables.applications['applications.newThisYear'].total).toBe(2 * one.tables.applications['applications.newThisYear'].total);
    expect(files.stderr).toContain('xxgk: 警告：');
    expect(files.stderr).toContain('内容相同，将被重复计入');
    expect(files.stderr).toContain('xxgk: 已汇总 2 份报告（1 个机关）');
    const ndjson = `${JSON.stringify(one)}\n${JSON.stringify(one)}\n${JSON.stringify(one)}\n`;
    const stdin = xxgk(['aggregate', '--agency', '汇总'], ndjson);
    expect(JSON.parse(stdin.stdout).tables.applications['applications.newThisYear'].total).toBe(3 * one.tables.applications['applications.newThisYear'].total);
    expect(xxgk(['aggregate', example('qingshan-2022.json')]).code).toBe(2);
  });

  it('checks a published aggregate against its units', () => {
    const sum = join(work, 'sum.json');
    xxgk(['aggregate', '--agency', '汇总', '-o', sum, example('qingshan-2022.json'), example('qingshan-2022.json')]);
    expect(xxgk(['check-hierarchy', sum, example('qingshan-2022.json'), example('qingshan-2022.json')]).code).toBe(0);
    const wrong = xxgk(['check-hierarchy', '--json', sum, example('qingshan-2022.json')]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).files[0].issues[0].code).toBe('hierarchy_mismatch');
    expect(xxgk(['check-hierarchy', sum, example('qingshan-2020.json')])).toMatchObject({ code: 2 });
  });
});


describe('web pages (HTML)', () => {
  const page = (name: string) => join(root, 'tests/fixtures/html', name);

  it('validate reads .html pages by content, also saved in GB18030 and without the extension', () => {
    const { code, stdout } = xxgk(['validate', '--json', page('gov-2021.html'), page('gov-2014-gb18030.html')]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.files.map((f: { format: string }) => f.format)).toEqual(['gov-2021', 'gov-2014']);
    expect(out.files[0].issues).toEqual([]);
    expect(out.files[1].issues.map((i: { code: string }) => i.code)).toContain('narrative_mismatch');
    const copy = file('saved-page', readFileSync(page('gov-2014-gb18030.html')));
    expect(xxgk(['validate', copy]).stdout).toContain('793');
  });

  it('import writes the report and prints every issue of the page with its table, row and column', () => {
    const { code, stdout, stderr } = xxgk(['import', page('problems.html')]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.format).toBe('gov-2021');
    expect(report.tables.proactive['proactive.charges.fees'].feeAmount).toBe('0.35');
    expect(stderr).toContain('错误: 第 2 个表格第 29 行第 1 列：格式中没有标签"五、本年度撤回申请数量"');
    expect(stderr).toContain('警告: 第 1 个表格第 2 行第 2 列：标签"本年制法件数"与官方标签不完全一致，按“本年制发件数”处理');
    expect(stderr).toContain('错误: 第 1 个表格第 14 行第 2 列："3"（行政事业性收费/本年制发件数）');
    expect(stderr).not.toMatch(/\n\s+at /);
    const json = JSON.parse(xxgk(['validate', '--json', page('problems.html')]).stdout);
    expect(json.files[0].issues).toContainEqual(
      expect.objectContaining({ source: 'import', code: 'unknown_label', rule: 'import.unknown_label', severity: 'error', tableNumber: 2, row: 29, column: 1 }),
    );
  });

  it('render reads a page and prints its tables', () => {
    const { code, stdout } = xxgk(['render', page('gov-2019.html'), '--to', 'md']);
    expect(code).toBe(0);
    expect(stdout).toContain('# 青山市自然资源和规划局2020年政府信息公开工作年度报告');
    expect(stdout).toContain('18645273.60');
  });
});

// ── robustness: every bad input gets one line and exit 1 or 2 (run concurrently: each is a process) ──

describe.concurrent('robustness of the command', () => {
  /** Runs the built command without blocking, so that these tests run side by side. */
  function run(args: string[], input?: string | Buffer): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: root });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
  }
  const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |Error: |node:internal/);
  const seedBytes = () => readFileSync(example('jiangbei-2017.txt'));

  it('render, import, aggregate and check-hierarchy answer a missing, empty, binary or directory input with one line on stderr and exit 2', async () => {
    const runs = [
      run(['render', join(work, 'missing.json')]),
      run(['import', file('empty2.txt', '')]),
      run(['aggregate', '--agency', '汇总', file('binary2.bin', Buffer.from([0x00, 0xff, 0x10, 0x00]))]),
      run(['check-hierarchy', work, example('qingshan-2022.json')]),
    ];
    for (const { code, stdout, stderr } of await Promise.all(runs)) {
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^xxgk: /);
      noStack(stderr);
    }
  });

  it('an unreadable file (for root too: /proc/self/mem cannot be read) exits 2 with one line', async () => {
    let path = '/proc/self/mem';
    if (process.getuid?.() !== 0 || process.platform !== 'linux') {
      path = file('unreadable.json', '{}');
      chmodSync(path, 0o000);
    }
    const { code, stdout, stderr } = await run(['import', path]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    noStack(stderr);
  });

  it('damaged UTF-8, NUL bytes in a text and JSON that is no report are unusable inputs: exit 2, one line each', async () => {
    const seed = seedBytes();
    const damaged = Buffer.from(seed);
    damaged[300] = 0xff;
    damaged[3000] = 0xc0;
    const line = seed.indexOf(0x0a, 500) + 1;
    const inputs = [
      file('damaged.txt', damaged),
      file('nul.txt', Buffer.concat([seed.subarray(0, line), Buffer.from([0]), seed.subarray(line)])),
      file('array.json', '[1, 2, 3]'),
      file('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      file('proto.json', readFileSync(example('qingshan-2022.json'), 'utf8').replace('{', '{"__proto__": {"polluted": true},')),
      file('big.json', readFileSync(example('qingshan-2022.json'), 'utf8').replace(/"total": 0/, '"total": 9007199254740993')),
    ];
    const { code, stdout, stderr } = await run(['validate', '--locale', 'en', ...inputs]);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    noStack(stdout);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(inputs.length + 1); // one line per file, and the summary
    inputs.forEach((input, i) => expect(lines[i]!.startsWith(`${input}: `)).toBe(true));
    expect(lines[0]).toMatch(/not valid UTF-8/);
    expect(lines[1]).toMatch(/U\+0000|NUL/);
    expect(lines[4]).toMatch(/__proto__/);
    expect(lines[5]).toMatch(/2\^53/);
  });

  it('a BOM, CRLF line ends, UTF-16 and GB18030 give the same findings as the plain seed', async () => {
    const seed = seedBytes().toString('utf8');
    const variants = [
      file('bom-crlf.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(seed.replace(/\n/g, '\r\n'))])),
      file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(seed, 'utf-16le')])),
      file('gb-crlf.txt', iconv.encode(seed.replace(/\n/g, '\r\n'), 'gb18030')),
    ];
    const { code, stdout } = await run(['validate', '--json', example('jiangbei-2017.txt'), ...variants]);
    expect(code).toBe(0);
    const [plain, ...others] = JSON.parse(stdout).files as Array<{ issues: unknown[] }>;
    expect(plain!.issues.length).toBeGreaterThan(0);
    for (const other of others) expect(other.issues).toEqual(plain!.issues);
  });

  it('--json with failing inputs among good ones reports the good ones and exits 2', async () => {
    const inputs = [example('qingshan-2022.json'), file('binary3.bin', Buffer.from([0, 0, 0, 1])), example('jiangbei-2017.txt'), file('empty3.json', ''), join(work, 'missing3.json')];
    const { code, stdout, stderr } = await run(['validate', '--json', ...inputs]);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    const out = JSON.parse(stdout);
    expect(out.files.map((f: { ok: boolean }) => f.ok)).toEqual([true, false, true, false, false]);
    expect(out.files[2].format).toBe('gov-2014');
    for (const f of out.files.filter((x: { ok: boolean }) => !x.ok)) expect(f.error).not.toContain('\n');
    expect(out.summary).toMatchObject({ files: 5, ok: 2, unusable: 3 });
  });

  it('a broken pipe on stdout, for validate --json and import as well, never prints a stack trace', async () => {
    const script = (args: string) =>
      new Promise<{ status: string; stderr: string }>((resolve) => {
        const child = spawn('bash', ['-c', `"${process.execPath}" "${bin}" ${args} | head -c 1 > /dev/null; echo "\${PIPESTATUS[0]}"`]);
        let out = '';
        let err = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
        child.on('close', () => resolve({ status: out.trim(), stderr: err }));
      });
    // Far more than a pipe buffer (64 KB) of output, so that the writes meet the closed pipe.
    const many = Array.from({ length: 300 }, () => `"${example('jiangbei-2017.json')}"`).join(' ');
    const big = file('big-paragraph.txt', seedBytes().toString('utf8').replace('今年以来', '今年以来'.repeat(100_000)));
    for (const { status, stderr } of await Promise.all([script(`validate --json --absent error ${many}`), script(`import "${big}"`)])) {
      expect(['0', '2']).toContain(status);
      expect(stderr.trimEnd().split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
      noStack(stderr);
    }
  });

  it('100 KB of adversarial text through the content detection finishes with a clear answer', async () => {
    const n = 100_000;
    const inputs = [
      file('pipes.md', `# 标题\n|${'a'.repeat(n)}\n|${' '.repeat(n)}x\n`),
      file('hashes.txt', `${'#'.repeat(n)}\n${'| '.repeat(n / 2)}x\n`),
      file('braces.json', `{${' '.repeat(n)}`),
    ];
    const { code, stdout, stderr } = await run(['validate', ...inputs]);
    expect(code).toBe(2);
    noStack(stdout + stderr);
    expect(stdout.trimEnd().split('\n')).toHaveLength(inputs.length + 1);
  }, 10_000);
});
