import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createReport,
  formatIssue,
  fromLabels,
  getCell,
  setCell,
  validate,
  type Issue,
  type Report,
  type ValidateOptions,
} from '../src/index.js';
import { loadExample } from './helpers/examples.js';
import { SEED } from './helpers/fuzz.js';

const load = loadExample;
const jiangbei = load('jiangbei-2017.json');
const q2020 = load('qingshan-2020.json');
const q2022 = load('qingshan-2022.json');

const bump = (report: Report, ref: string, by = 1) => setCell(report, ref, (getCell(report, ref) as number) + by);
const errors = (report: Report, options?: ValidateOptions) => validate(report, options).issues.filter((i) => i.severity === 'error');
const codes = (issues: readonly Issue[]) => issues.map((i) => `${i.code}:${i.rule}`);

describe('the examples', () => {
  it('the 2019 and 2021 examples validate with no issue at all', () => {
    expect(validate(q2020).issues).toEqual([]);
    expect(validate(q2022).issues).toEqual([]);
    expect(validate(q2022).ok).toBe(true);
  });

  it('the seed: the only finding is that the text says 793 where the table says 803, the 政府网站 channel', () => {
    const result = validate(jiangbei);
    expect(result.ok).toBe(true);
    expect(result.issues).toHaveLength(1);
    const [issue] = result.issues;
    expect(issue).toMatchObject({ code: 'narrative_mismatch', rule: 'A11', severity: 'warning', quoted: 793, actual: 803, difference: -10 });
    if (issue?.code !== 'narrative_mismatch') throw new Error('unreachable');
    expect(issue.quotes.map((c) => c.ref)).toEqual(['proactive.published/value']);
    expect(issue.alsoEquals.map((c) => c.ref)).toEqual(['proactive.channels.website/value']);
    expect(issue.message).toBe('正文称主动公开政府信息数为 793（“我办主动公开政府信息793条”），但表中（一）主动公开政府信息数为 803；793 是2.政府网站公开政府信息数的数值');
    expect(formatIssue(issue, 'en')).toBe(
      'the text says information published proactively is 793 ("我办主动公开政府信息793条"), but the table says （一）主动公开政府信息数 is 803; 793 is the value of 2.政府网站公开政府信息数',
    );
  });
});

describe('declared identities (2019/2021)', () => {
  it('A3: （七）总计 against the outcomes, per column, with the message of the issue', () => {
    const report = bump(q2022, 'applications.results.withheld.stateSecret/naturalPerson', 6);
    const a3 = errors(report).filter((i) => i.rule === 'A3');
    expect(a3).toHaveLength(1);
    const total = getCell(q2022, 'applications.results.total/naturalPerson') as number;
    expect(a3[0]).toMatchObject({ code: 'identity_mismatch', identity: 'A3', ruleKind: 'customary', actual: total, expected: total + 6, difference: -6 });
    expect(a3[0]!.message).toBe(`（七）总计（自然人）为 ${total}，但各办理结果之和为 ${total + 6}，相差 6`);
    expect(formatIssue(a3[0]!, 'en')).toBe(`（七）总计（自然人） is ${total}, but the sum of the outcomes is ${total + 6}, a difference of 6`);
    expect(a3[0]!.cells.map((c) => c.ref)).toContain('applications.results.withheld.stateSecret/naturalPerson');
    // A4 breaks on that row too, A1 does not.
    expect(codes(errors(report))).toEqual(['identity_mismatch:A3', 'identity_mismatch:A4']);
  });

  it('A1: new + carried over = handled + carried forward, naming both sides', () => {
    const report = bump(bump(q2022, 'applications.newThisYear/commercial'), 'applications.newThisYear/total');
    const issues = errors(report);
    expect(codes(issues)).toEqual(['identity_mismatch:A1', 'identity_mismatch:A1']);
    expect(issues[0]!.message).toMatch(/^本年新收与上年结转之和（法人或其他组织\/商业企业）为 \d+，但（七）总计与结转下年度之和为 \d+，相差 1$/);
    expect(issues[0]!.ruleKind).toBe('official');
    expect(issues[1]!.message).toContain('（总计）');
  });

  it('A4: the 总计 column against the six applicant columns', () => {
    const issues = errors(bump(q2020, 'applications.carriedForward/total'));
    expect(codes(issues)).toEqual(['identity_mismatch:A1', 'identity_mismatch:A4']);
    expect(issues[1]!.message).toMatch(/^四、结转下年度继续办理（总计）为 \d+，但各类申请人之和为 \d+，相差 1$/);
  });

  it('A5: each of the three 总计 of table 3', () => {
    const issues = errors(bump(q2022, 'reviewLitigation.cases/litigation.afterReview.upheld'));
    expect(codes(issues)).toEqual(['identity_mismatch:A5']);
    expect(issues[0]).toMatchObject({ identity: 'A5.afterReview' });
    expect(issues[0]!.message).toMatch(/^行政诉讼\/复议后起诉\/总计为 \d+，但各结果之和为 \d+，相差 1$/);
  });

  it('a reported subtotal the official table does not print is checked against its leaves', () => {
    const report = setCell(q2022, 'applications.results.withheld/naturalPerson', 999);
    const issues = errors(report);
    expect(codes(issues)).toEqual(['sum_mismatch:tree.sum']);
    expect(issues[0]!.message).toMatch(/^（三）不予公开（自然人）为 999，但1\.属于国家秘密（自然人）至8\.属于行政查询事项（自然人）之和为 \d+/);
    const legal = errors(setCell(q2022, 'applications.newThisYear/legalPerson', 1));
    expect(codes(legal)).toEqual(['sum_mismatch:tree.sum']);
  });
});

describe('2014 rules', () => {
  it('B1: 主动公开政府信息数 between the largest channel and the sum of channels', () => {
    const high = errors(setCell(jiangbei, 'proactive.published', 2000));
    expect(high).toHaveLength(1);
    expect(high[0]).toMatchObject({ code: 'distinct_out_of_range', rule: 'B1', ruleKind: 'official', actual: 2000, min: 793, max: 973, expected: 973 });
    const low = errors(setCell(jiangbei, 'proactive.published', 700));
    expect(low[0]).toMatchObject({ code: 'distinct_out_of_range', expected: 793, difference: -93 });
    expect(low[0]!.message).toBe('（一）主动公开政府信息数为 700，应不小于任一渠道数（793）且不大于各渠道之和（973）');
  });

  it('B2: a 其中 row is at most its parent', () => {
    const issues = errors(setCell(jiangbei, 'proactive.published.normative', 900));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'part_exceeds_whole', rule: 'B2', actual: 900, expected: 803, difference: 97 });
    expect(issues[0]!.message).toBe('其中：主动公开规范性文件数为 900，大于（一）主动公开政府信息数的 803');
  });

  it.each([
    ['requests.received.inPerson', 'B3', '（一）收到申请数为 0，但1.当面申请数至4.信函申请数之和为 1，相差 1'],
    ['requests.closed.extended', 'B4', '（二）申请办结数为 0，但1.按时办结数、2.延期办结数之和为 1，相差 1'],
    ['requests.replies.nonexistent', 'B5', '（三）申请答复数为 0，但1.属于已主动公开范围数至8.告知通过其他途径办理数之和为 1，相差 1'],
    ['review.corrected', 'B7', '四、行政复议数量为 0，但（一）维持具体行政行为数、四、行政复议数量/（二）被依法纠错数、四、行政复议数量/（三）其他情形数之和为 1，相差 1'],
    ['capacity.staff.fullTime', 'B8', '（三）从事政府信息公开工作人员数为 3，但1.专职人员数、2.兼职人员数之和为 4，相差 1'],
  ])('%s: rule %s', (ref, rule, message) => {
    const issues = validate(bump(jiangbei, ref)).issues.filter((i) => i.code === 'sum_mismatch');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule, severity: 'error' });
    expect(issues[0]!.message).toBe(message);
  });

  it('B6 is a warning: some organs list refusal reasons non-exclusively', () => {
    const issues = validate(bump(jiangbei, 'requests.replies.refused.privacy')).issues.filter((i) => i.rule === 'B6');
    expect(issues.map((i) => i.severity)).toEqual(['warning']);
  });
});

describe('values', () => {
  it.each([
    [-1, 'negative', 'A14', '（一）收到申请数不应为负数，实为 -1'],
    [1.5, 'not_integer', 'values.integer', '（一）收到申请数应为整数，实为 1.5'],
    [2 ** 53, 'unsafe_integer', 'values.safeInteger', '（一）收到申请数的数值 9007199254740992 超出可精确表示的整数范围'],
    ['12', 'wrong_type', 'values.type', '（一）收到申请数的值 "12" 类型不符（计数应为数字，金额应为十进制字符串）'],
  ])('a count of %j is %s', (value, code, rule, message) => {
    const issue = validate(setCell(jiangbei, 'requests.received', value)).issues.find((i) => i.code === code);
    expect(issue).toMatchObject({ rule, severity: 'error', message });
  });

  it('money: more than 6 decimals is an error, a JSON number a warning, a negative amount an error', () => {
    expect(validate(setCell(jiangbei, 'fees', '0.1234567')).issues.map((i) => i.code)).toContain('too_many_decimals');
    expect(validate(setCell(jiangbei, 'fees', '0.123456')).issues.map((i) => i.code)).not.toContain('too_many_decimals');
    const number = validate(setCell(jiangbei, 'fees', 0.5)).issues.find((i) => i.code === 'wrong_type');
    expect(number?.severity).toBe('warning');
    expect(validate(setCell(jiangbei, 'fees', '-3.5')).issues.find((i) => i.code === 'negative')?.severity).toBe('error');
  });

  it('本年增/减 may be negative in 2019', () => {
    const report = setCell(q2020, 'proactive.licensing.permits/change', -8);
    expect(validate(report).issues).toEqual([]);
  });

  it('money adds up exactly: three 0.1 are 0.3', () => {
    const fmt = { ...q2022 };
    expect(validate(fmt).ok).toBe(true);
    const report = setCell(setCell(jiangbei, 'fees', '0.1'), 'capacity.funding', '0.2');
    expect(validate(report).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('names a value in a cell the format does not have, and a value on a group row', () => {
    const report: Report = {
      ...q2022,
      tables: {
        ...q2022.tables,
        applications: { ...q2022.tables.applications, 'applications.results': { total: 5 }, nope: { total: 1 } },
        extra: { a: { b: 1 } },
      },
    };
    const unknown = validate(report).issues.filter((i) => i.code === 'unknown_cell');
    expect(unknown.map((i) => (i.code === 'unknown_cell' ? i.path : ''))).toEqual([
      'tables/applications/applications.results/total',
      'tables/applications/nope/total',
      'tables/extra/a/b',
    ]);
    expect(unknown[0]!.message).toBe('报告格式中没有这个单元格：tables/applications/applications.results/total');
  });
});

describe('absent cells', () => {
  const blank = setCell(jiangbei, 'requests.received.fax', null);

  it('skip (default): a blank is an unknown value ≥ 0; the rule holds if it is 0, and says so once', () => {
    // The seed's channels and its total are all 0: only a blank of 0 keeps B3.
    const result = validate(blank);
    const holds = result.issues.filter((i) => i.code === 'holds_if_zero');
    expect(holds).toHaveLength(1);
    expect(holds[0]).toMatchObject({ rule: 'B3', severity: 'info', count: 1, relations: 1, table: 'statistics' });
    expect(holds[0]!.cells.map((c) => c.ref)).toEqual(['requests.received.fax/value']);
    expect(holds[0]!.message).toBe('（一）收到申请数等于各子项之和：2.传真申请数未填报，按 0 计则成立');
    expect(result.issues.find((i) => i.code === 'absent_cells')).toMatchObject({ count: 1, severity: 'info' });
    expect(result.ok).toBe(true);
  });

  it('skip: a rule the blank leaves open cannot be checked, naming the blank cell', () => {
    const result = validate(setCell(blank, 'requests.received', 1)); // the blank would be 1
    const cannot = result.issues.find((i) => i.code === 'cannot_check');
    expect(cannot).toMatchObject({ rule: 'B3', severity: 'info' });
    if (cannot?.code !== 'cannot_check') throw new Error('unreachable');
    expect(cannot.absent.map((c) => c.ref)).toEqual(['requests.received.fax/value']);
    expect(cannot.message).toBe('（一）收到申请数等于各子项之和：无法校验，2.传真申请数未填报');
    expect(result.ok).toBe(true);
  });

  it('skip: present parts above their total are an error whatever the blank holds, with the bounds as data', () => {
    const report = setCell(setCell(blank, 'requests.received.inPerson', 3), 'requests.received', 2);
    const issues = errors(report);
    expect(codes(issues)).toEqual(['sum_mismatch:B3']);
    const issue = issues[0]!;
    if (issue.code !== 'sum_mismatch') throw new Error('unreachable');
    expect(issue).toMatchObject({ actual: 2, expected: 3, difference: -1, bounds: { left: { min: 2, max: 2 }, right: { min: 3 } } });
    expect(issue.blank!.map((c) => c.ref)).toEqual(['requests.received.fax/value']);
    expect(issue.message).toBe('（一）收到申请数为 2，但（一）收到申请数的各子项之和至少为 3（未填报的2.传真申请数按不小于 0 的未知数计）'.replace('（一）收到申请数的各子项之和', issue.sides.right['zh-CN']));
    expect(formatIssue(issue, 'en')).toMatch(/ is 2, but .* is at least 3 \(blank: 2\.传真申请数, taken as unknown values ≥ 0\)$/);
  });

  it('zero: an absent cell counts as 0', () => {
    const report = setCell(blank, 'requests.received', 1);
    expect(codes(errors(report))).toEqual([]);
    expect(codes(errors(report, { absent: 'zero' }))).toEqual(['sum_mismatch:B3']);
    const issue = errors(report, { absent: 'zero' })[0]!;
    if (issue.code !== 'sum_mismatch') throw new Error('unreachable');
    expect(issue.absent.map((c) => c.ref)).toEqual(['requests.received.fax/value']);
    expect(issue.blank).toBeUndefined();
  });

  it('error: every absent printed cell is an error, derived subtotals are not', () => {
    const issues = errors(blank, { absent: 'error' });
    expect(issues.map((i) => i.code)).toEqual(['absent_cell']);
    expect(issues[0]!.message).toBe('2.传真申请数未填报');
    expect(errors(q2022, { absent: 'error' })).toEqual([]);
  });

  describe('a hand-filled 2021 table: legal-person columns blank, 9 + 6 outcomes under a （七）总计 of 14', () => {
    const LEGAL = ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization'];
    let report = createReport('gov-2021', { agency: '青山区某局', year: 2022 });
    const rows: Array<[string, number]> = [
      ['applications.newThisYear', 14],
      ['applications.carriedOver', 0],
      ['applications.results.granted', 9],
      ['applications.results.partial', 6],
      ['applications.results.total', 14],
      ['applications.carriedForward', 0],
    ];
    for (const [row, v] of rows) for (const column of ['naturalPerson', 'total']) report = setCell(report, `${row}/${column}`, v);
    const result = validate(report);

    it('A3 is an error in both columns: the outcomes are at least 15', () => {
      const a3 = result.issues.filter((i) => i.rule === 'A3' && i.severity === 'error');
      expect(a3.map((i) => i.cells[0]!.ref)).toEqual(['applications.results.total/naturalPerson', 'applications.results.total/total']);
      for (const issue of a3) {
        expect(issue).toMatchObject({ code: 'identity_mismatch', actual: 14, expected: 15, difference: -1, bounds: { left: { min: 14, max: 14 }, right: { min: 15 } } });
      }
      expect(a3[0]!.message).toBe("（七）总计（自然人）为 14，但各办理结果之和至少为 15（未填报的 19 个单元格按不小于 0 的未知数计）");
      expect(result.ok).toBe(false);
    });

    it('A4 holds in every row if the legal-person blanks are 0: one issue, the blanks as data', () => {
      const a4 = result.issues.filter((i) => i.rule === 'A4');
      expect(a4).toHaveLength(1);
      const [issue] = a4;
      expect(issue).toMatchObject({ code: 'holds_if_zero', severity: 'info', relations: 6, count: 30, table: 'applications', identity: 'A4' });
      expect(issue!.cells.every((c) => LEGAL.includes(c.column))).toBe(true);
      expect(issue!.message).toBe('总计 = 自然人 + 法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）：30 个单元格未填报，按 0 计这 6 处均成立');
    });

    it('says little: one issue per rule and table, and no message lists more than three cells', () => {
      const grouped = result.issues.filter((i) => i.code === 'cannot_check' || i.code === 'holds_if_zero');
      const keys = grouped.map((i) => `${i.code}|${i.rule}|${'table' in i ? i.table : ''}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const issue of grouped) expect(issue.cells.filter((c) => issue.message.includes(c.name)).length).toBeLessThanOrEqual(3);
    });

    it('a grouped issue keeps its fingerprint while its blanks change, and a waiver by rule covers it', () => {
      const fingerprint = (r: Report) => validate(r).issues.find((i) => i.rule === 'A4')?.fingerprint;
      const fewer = setCell(report, 'applications.newThisYear/research', 0);
      expect(validate(fewer).issues.find((i) => i.rule === 'A4')).toMatchObject({ count: 29 });
      expect(fingerprint(fewer)).toBe(fingerprint(report));
      const waived = validate(report, { waivers: [{ rule: 'A4', reason: '法人列按 0 填报' }] }).issues.find((i) => i.rule === 'A4');
      expect(waived?.waived).toEqual({ reason: '法人列按 0 填报' });
    });

    it('with absent: zero the same errors, and no grouped information', () => {
      const zero = validate(report, { absent: 'zero' });
      expect(zero.issues.filter((i) => i.rule === 'A3' && i.severity === 'error')).toHaveLength(2);
      expect(zero.issues.filter((i) => i.code === 'holds_if_zero' || i.code === 'cannot_check')).toEqual([]);
    });
  });
});

/** A real report's cells, transcribed by hand (`../shared/corpus` from the project root, outside the repository). */
const HUAIAN = new URL('../../shared/corpus/huaian-2024.labels.json', import.meta.url);

describe('a real report whose legal-person columns are left blank, as county pages often print them', () => {
  it.skipIf(!existsSync(HUAIAN))('says it in two grouped issues, not one line per row (skipped: ../shared/corpus is absent)', () => {
    const { report } = fromLabels(JSON.parse(readFileSync(HUAIAN, 'utf8')) as Parameters<typeof fromLabels>[0]);
    let blank = report!;
    for (const row of Object.keys(blank.tables['applications']!)) {
      for (const column of ['commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization']) blank = setCell(blank, `${row}/${column}`, null);
    }
    const result = validate(blank);
    expect(result.ok).toBe(true);
    const grouped = result.issues.filter((i) => i.code === 'cannot_check' || i.code === 'holds_if_zero');
    // A4 runs along the 25 rows: rows whose 总计 equals 自然人 hold if the blanks are 0, the others are open.
    expect(grouped.map((i) => `${i.code}:${i.rule}`).sort()).toEqual(['cannot_check:A4', 'holds_if_zero:A4']);
    expect(grouped.reduce((n, i) => n + ('relations' in i ? i.relations ?? 0 : 0), 0)).toBe(25);
    expect(grouped.reduce((n, i) => n + i.cells.length, 0)).toBe(125);
  });
});

describe('narrative against the table', () => {
  const withText = (report: Report, text: string): Report => ({
    ...report,
    sections: report.sections.map((s, i) => (i === 0 ? { ...s, paragraphs: [...s.paragraphs, text] } : s)),
  });

  it('finds the quoted figures of 2021 reports, and sums litigation across its two blocks', () => {
    const closed = getCell(q2022, 'applications.results.total/total') as number;
    const text = `全年共收到政府信息公开申请300件，办结${closed + 1}件，结转下年度99件；发生行政复议1起，行政诉讼2起。`;
    const issues = validate(withText(q2022, text)).issues.filter((i) => i.code === 'narrative_mismatch');
    expect(issues.map((i) => (i.code === 'narrative_mismatch' ? `${i.cue}=${i.quoted}` : ''))).toEqual([
      'applications.received=300',
      `applications.closed=${closed + 1}`,
      'applications.carriedForward=99',
      'review.total=1',
      'litigation.total=2',
    ]);
    expect(issues.at(-1)!.cells.slice(0, 2).map((c) => c.ref)).toEqual([
      'reviewLitigation.cases/litigation.direct.total',
      'reviewLitigation.cases/litigation.afterReview.total',
    ]);
  });

  it('judges the sentence: approval cases and carried-over figures are not applications closed', () => {
    const carriedOver = getCell(q2022, 'applications.carriedOver/total') as number;
    const text = `“统一受理”平台已办结13114件。行政审批事项类共受理45048件，办结数44868件。上年结转${carriedOver}件申请。`;
    expect(validate(withText(q2022, text)).issues.filter((i) => i.code === 'narrative_mismatch')).toEqual([]);
  });

  it('reads full-width digits', () => {
    const issues = validate(withText(q2022, '本年度收到政府信息公开申请１２件。')).issues;
    expect(issues.find((i) => i.code === 'narrative_mismatch')).toMatchObject({ quoted: 12 });
  });

  it('reports an embedded reference to a cell that does not exist', () => {
    const report = withText(q2022, '共收到申请{{applications.newThisYear/total}}件，其中{{applications.nope/total}}件。');
    const issues = validate(report).issues.filter((i) => i.code === 'unknown_reference');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toBe('正文引用的单元格 {{applications.nope/total}} 不存在');
  });
});

describe('cross-year (options.previous)', () => {
  const lastYear = { ...q2022, metadata: { ...q2022.metadata, year: 2021 } };
  const thisYear = { ...q2022, metadata: { ...q2022.metadata, year: 2022 } };

  it('A10: 上年结转 equals last year\'s 结转下年度继续办理, per column', () => {
    const consistent = Object.entries(q2022.tables.applications!['applications.carriedForward']!).reduce(
      (r, [column, v]) => setCell(r, `applications.carriedOver/${column}`, v),
      thisYear,
    );
    const fixed = { ...consistent, tables: { ...consistent.tables } };
    // keep A1 true: new = total + carried forward − carried over
    const repaired = Object.keys(q2022.tables.applications!['applications.newThisYear']!).reduce((r, column) => {
      const v = (ref: string) => getCell(r, `${ref}/${column}`) as number;
      return setCell(r, `applications.newThisYear/${column}`, v('applications.results.total') + v('applications.carriedForward') - v('applications.carriedOver'));
    }, fixed);
    expect(validate(repaired, { previous: lastYear }).issues.filter((i) => i.rule === 'A10' || i.severity === 'error')).toEqual([]);
    const broken = bump(bump(repaired, 'applications.carriedOver/naturalPerson'), 'applications.newThisYear/naturalPerson', -1);
    const issues = validate(broken, { previous: lastYear }).issues.filter((i) => i.rule === 'A10');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'cross_year_mismatch', severity: 'warning', difference: 1 });
    expect(issues[0]!.message).toMatch(/^二、上年结转政府信息公开申请数量（自然人）为 \d+，但上年报告的四、结转下年度继续办理（自然人）为 \d+，相差 1$/);
  });

  it('A12 (warning): documents in force against last year\'s plus issued minus repealed', () => {
    const issues = validate(thisYear, { previous: lastYear }).issues.filter((i) => i.rule === 'A12');
    // 2022's in-force count is its own last year's: 60 ≠ 60 + 11 − 4.
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'cross_year_mismatch', severity: 'warning', identity: 'A12', actual: 60, expected: 67 });
  });

  it('across a format change (2019 → 2021) compares what carries over and names what does not', () => {
    const previous = { ...q2020, metadata: { ...q2020.metadata, year: 2021 } };
    const issues = validate(thisYear, { previous }).issues;
    expect(issues.filter((i) => i.rule === 'A10').map((i) => i.code)).toContain('cross_year_mismatch');
    const notComparable = issues.filter((i) => i.code === 'not_comparable');
    expect(notComparable.map((i) => i.rule)).toEqual(['A12']);
    expect(notComparable[0]!.message).toMatch(/^上年报告（gov-2019）没有对应的单元格，A12 无法跨年度比较：规章（现行有效件数）/);
  });

  it('warns when last year\'s report is not for the year before, and runs no cross-year rule', () => {
    const issues = validate(q2022, { previous: q2020 }).issues;
    expect(issues.find((i) => i.code === 'previous_year_mismatch')).toMatchObject({ severity: 'warning', message: '作为上年报告传入的是 2020 年度的报告，未作跨年度校验' });
    expect(issues.filter((i) => ['A10', 'A12'].includes(i.rule) || i.code === 'not_comparable')).toEqual([]);
  });

  it('warns when last year\'s report is another agency\'s, and runs no cross-year rule', () => {
    const other = { ...lastYear, metadata: { ...lastYear.metadata, agency: '青山市教育局' } };
    const issues = validate(thisYear, { previous: other }).issues;
    expect(issues.filter((i) => i.severity !== 'info').map((i) => i.code)).toEqual(['previous_agency_mismatch']);
    expect(issues[0]).toMatchObject({ severity: 'warning', rule: 'crossYear.agency', previousAgency: '青山市教育局', message: '作为上年报告传入的是青山市教育局的报告，未作跨年度校验' });
    expect(issues.filter((i) => ['A10', 'A12'].includes(i.rule))).toEqual([]);
    // The same agency written with white space is the same agency.
    const spaced = { ...lastYear, metadata: { ...lastYear.metadata, agency: ` ${lastYear.metadata.agency} ` } };
    expect(validate(thisYear, { previous: spaced }).issues.map((i) => i.code)).not.toContain('previous_agency_mismatch');
  });
});

describe('report-level checks', () => {
  it('sections present and in the official order', () => {
    const missing = { ...q2022, sections: q2022.sections.filter((s) => s.id !== 'problems') };
    expect(validate(missing).issues.map((i) => i.message)).toEqual(['缺少“存在的主要问题及改进情况”部分']);
    const swapped = { ...q2022, sections: [q2022.sections[1]!, q2022.sections[0]!, ...q2022.sections.slice(2)] };
    expect(validate(swapped).issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['section_order:warning']);
    const byTitle = { ...q2022, sections: q2022.sections.map(({ id: _id, ...s }) => s) };
    expect(validate(byTitle).issues).toEqual([]);
  });

  it('2021: section 六 must state the 信息处理费 (A8, warning); 2019 need not', () => {
    const silent = { ...q2022, sections: q2022.sections.map((s) => (s.id === 'other' ? { ...s, paragraphs: ['无。'] } : s)) };
    const issues = validate(silent).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'mention_missing', rule: 'A8', ruleKind: 'official', severity: 'warning' });
    const silent2019 = { ...q2020, sections: q2020.sections.map((s) => (s.id === 'other' ? { ...s, paragraphs: ['无。'] } : s)) };
    expect(validate(silent2019).issues).toEqual([]);
  });

  it('2021: 总体情况 over 1000 characters is an info', () => {
    const long = { ...q2022, sections: q2022.sections.map((s) => (s.id === 'overview' ? { ...s, paragraphs: ['字'.repeat(1001)] } : s)) };
    expect(validate(long).issues.map((i) => `${i.code}:${i.severity}`)).toEqual(['section_too_long:info']);
  });

  it('2014 sections are customary: a missing one is an info', () => {
    const missing = { ...jiangbei, sections: jiangbei.sections.slice(1) };
    expect(validate(missing).issues.find((i) => i.code === 'section_missing')).toMatchObject({ severity: 'info', ruleKind: 'customary' });
  });
});

describe('options', () => {
  const broken = bump(q2022, 'reviewLitigation.cases/review.upheld');

  it('severity overrides per rule id, and off', () => {
    expect(validate(broken, { severity: { A5: 'warning' } }).issues[0]!.severity).toBe('warning');
    expect(validate(broken, { severity: { A5: 'warning' } }).ok).toBe(true);
    expect(validate(broken, { severity: { A5: 'off' } }).issues).toEqual([]);
  });

  it('waivers keep the issue visible, marked waived, and the report passes', () => {
    const result = validate(broken, { waivers: [{ rule: 'A5', reason: '机构改革' }] });
    expect(result.ok).toBe(true);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]!.waived).toEqual({ reason: '机构改革' });
    expect(result.counts).toEqual({ error: 0, warning: 0, info: 0, waived: 1 });
    const fingerprint = validate(broken).issues[0]!.fingerprint;
    expect(validate(broken, { waivers: [{ fingerprint, reason: 'x' }] }).ok).toBe(true);
    expect(validate(broken, { waivers: [{ reason: 'matches nothing' }] }).ok).toBe(false);
  });

  it('fingerprints are stable across values and differ across cells', () => {
    const a = validate(broken).issues[0]!.fingerprint;
    const b = validate(bump(q2022, 'reviewLitigation.cases/review.upheld', 5)).issues[0]!.fingerprint;
    const c = validate(bump(q2022, 'reviewLitigation.cases/review.pending')).issues[0]!.fingerprint;
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(a).toBe(b);
    expect(a).toBe(c); // the same identity instance over the same cells
    const d = validate(bump(q2022, 'reviewLitigation.cases/litigation.direct.upheld')).issues[0]!.fingerprint;
    expect(d).not.toBe(a);
  });

  it('messages in English', () => {
    const issue = validate(broken, { locale: 'en' }).issues[0]!;
    expect(issue.message).toMatch(/^行政复议\/总计 is \d+, but the sum of the results is \d+, a difference of 1$/);
  });

  it('an unknown format is an issue, not a throw', () => {
    const result = validate({ ...q2022, format: 'gov-1999' });
    expect(result).toMatchObject({ ok: false, format: undefined });
    expect(result.issues[0]!.message).toBe('未知的报告格式：gov-1999');
  });
});

describe('never throws', () => {
  it('on arbitrary JSON given as a report', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = validate(value as unknown as Report);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('on a real report with arbitrary cell values', () => {
    const refs = ['applications.results.total/naturalPerson', 'proactive.charges.fees/feeAmount', 'reviewLitigation.cases/review.total'];
    fc.assert(
      fc.property(fc.constantFrom(...refs), fc.jsonValue(), (ref, value) => {
        const result = validate(setCell(q2022, ref, value as never));
        expect(Array.isArray(result.issues)).toBe(true);
        for (const issue of result.issues) expect(issue.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});
