import { describe, expect, it } from 'vitest';
import {
  FormatDefinitionError,
  defineFormat,
  formatForYear,
  formats,
  getFormat,
  indexFormat,
  resolveCell,
  type FormatDefinition,
  type NodeDefinition,
} from '../src/index.js';
import { gov2014 } from '../src/formats/gov-2014.js';
import { seedTable, seedText as seed } from './helpers/seed.js';

const seedRows = () => seedTable().slice(1); // without the header row 统计指标 | 单位 | 统计数

const labelsOf = (nodes: readonly { label: string }[]) => nodes.map((n) => n.label);

describe('gov-2014', () => {
  const index = indexFormat(formats['gov-2014']);
  const table = index.tables[0]!;

  it('has the seed table header', () => {
    const header = seed.split('\n').find((l) => l.startsWith('\t统'))!.replace(/[\s\u3000]/g, '');
    expect(header).toBe(table.definition.stubHeader);
    expect(table.definition.unitColumn).toBe(true);
    expect(labelsOf(table.valueColumns)).toEqual(['统计数']);
  });

  it('has the 65 rows of the seed, in order, with the exact labels and units', () => {
    const printed = seedRows();
    expect(printed).toHaveLength(65);
    expect(table.rows).toHaveLength(65);
    table.rows.forEach((row, i) => {
      const [label, unit] = printed[i]!;
      expect(row.label, `row ${i + 1}`).toBe(label);
      if (unit === '——') expect(row.valued, `row ${i + 1} is a header`).toBe(false);
      else expect(row.unit, `unit of row ${i + 1}`).toBe(unit);
    });
  });

  it('has nine top-level blocks', () => {
    expect(table.rows.filter((r) => r.depth === 0).map((r) => r.label.slice(0, 2))).toEqual([
      '一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、', '九、',
    ]);
  });

  it('declares B1 as an identity and B2–B8 on the tree relations', () => {
    expect(formats['gov-2014'].identities.map((i) => i.rule)).toEqual(['B1']);
    const tagged = table.rows.filter((r) => r.rule).map((r) => `${r.rule!.id}:${r.id}:${r.relation}`);
    expect(tagged).toEqual([
      'B2:proactive.published:partOf',
      'B2:response.channels.pressConferences:partOf',
      'B2:response.channels.interviews:partOf',
      'B3:requests.received:sum',
      'B4:requests.closed:sum',
      'B5:requests.replies:sum',
      'B6:requests.replies.refused:sum',
      'B7:review:sum',
      'B7:litigation:sum',
      'B8:capacity.staff:sum',
    ]);
    expect(table.rowById.get('requests.replies.refused')!.rule!.severity).toBe('warning');
  });

  it('keeps money in 万元 and counts in their printed units', () => {
    const money = table.cells.filter((c) => c.kind === 'money').map((c) => c.ref);
    expect(money).toEqual(['fees/value', 'capacity.funding/value']);
    expect(resolveCell(index, 'training.trainees')!.unit).toBe('人次');
  });
});

/** Row labels of table 2, in print order (formats.md §2.4). */
const T2_COMMON_HEAD = [
  '一、本年新收政府信息公开申请数量',
  '二、上年结转政府信息公开申请数量',
  '三、本年度办理结果',
  '（一）予以公开',
  '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
  '（三）不予公开',
  '1.属于国家秘密',
  '2.其他法律行政法规禁止公开',
  '3.危及“三安全一稳定”',
  '4.保护第三方合法权益',
  '5.属于三类内部事务信息',
  '6.属于四类过程性信息',
  '7.属于行政执法案卷',
  '8.属于行政查询事项',
  '（四）无法提供',
  '1.本机关不掌握相关政府信息',
  '2.没有现成信息需要另行制作',
  '3.补正后申请内容仍不明确',
  '（五）不予处理',
  '1.信访举报投诉类申请',
  '2.重复申请',
  '3.要求提供公开出版物',
  '4.无正当理由大量反复申请',
  '5.要求行政机关确认或重新出具已获取信息',
  '（六）其他处理',
];
const T2_2021_OTHER = [
  '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
  '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
  '3.其他',
];
const T2_TAIL = ['（七）总计', '四、结转下年度继续办理'];
const T2_COLUMNS = ['申请人情况', '自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];
const T3_COLUMNS = [
  '行政复议', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计',
  '行政诉讼',
  '未经复议直接起诉', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计',
  '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计',
];
const SECTIONS = ['总体情况', '主动公开政府信息情况', '收到和处理政府信息公开申请情况', '政府信息公开行政复议、行政诉讼情况', '存在的主要问题及改进情况', '其他需要报告的事项'];

describe.each([
  ['gov-2019', [...T2_COMMON_HEAD, ...T2_TAIL], 23],
  ['gov-2021', [...T2_COMMON_HEAD, ...T2_2021_OTHER, ...T2_TAIL], 25],
] as const)('%s', (id, t2Rows, dataRows) => {
  const format = formats[id];
  const index = indexFormat(format);

  it('has the six template sections and places each table in its section', () => {
    expect(format.sections.map((s) => s.title)).toEqual(SECTIONS);
    expect(format.sections.map((s) => s.tables ?? [])).toEqual([[], ['proactive'], ['applications'], ['reviewLitigation'], [], []]);
  });

  it('prints table 2 with the official rows and columns', () => {
    const t2 = index.tableById.get('applications')!;
    expect(labelsOf(t2.rows)).toEqual(t2Rows);
    expect(labelsOf(t2.columns)).toEqual(T2_COLUMNS);
    expect(t2.definition.stubHeader).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    const printedRows = new Set(t2.cells.filter((c) => c.printed).map((c) => c.row.id));
    const printedColumns = new Set(t2.cells.filter((c) => c.printed).map((c) => c.column.id));
    expect(printedRows.size).toBe(dataRows);
    expect(printedColumns.size).toBe(7);
    expect(t2.cells.filter((c) => c.printed)).toHaveLength(dataRows * 7);
    expect(new Set(t2.cells.map((c) => c.unit))).toEqual(new Set(['件']));
  });

  it('prints table 3 as one row of 15 cells', () => {
    const t3 = index.tableById.get('reviewLitigation')!;
    expect(labelsOf(t3.columns)).toEqual(T3_COLUMNS);
    expect(t3.cells).toHaveLength(15);
    expect(t3.cells[14]!.column.labelPath).toEqual(['行政诉讼', '复议后起诉', '总计']);
  });

  it('declares A1, A3, A4, the three A5 and the cross-year A10', () => {
    const byRule = (rule: string) => format.identities.filter((i) => i.rule === rule);
    expect(byRule('A1')[0]).toMatchObject({ kind: 'official', severity: 'error', each: 'column' });
    expect(byRule('A3')[0]).toMatchObject({ kind: 'customary', each: 'column' });
    expect(byRule('A4')[0]!.right).toHaveLength(6);
    expect(byRule('A5').map((i) => i.id)).toEqual(['A5.review', 'A5.direct', 'A5.afterReview']);
    expect(byRule('A10')[0]!.right).toEqual([{ ref: 'applications.carriedForward', previous: true }]);
  });
});

describe('table 1 and the 2019 → 2021 differences (formats.md §2.6)', () => {
  const t1 = (id: 'gov-2019' | 'gov-2021') => indexFormat(formats[id]).tableById.get('proactive')!;
  const blocks = (id: 'gov-2019' | 'gov-2021') =>
    t1(id)
      .rows.filter((r) => r.depth === 0)
      .map((block) => ({
        caption: block.label,
        columns: block.columns!.map((c) => t1(id).columnById.get(c)!.label),
        rows: block.children.map((r) => r.label),
      }));

  it('2019 table 1 has five blocks', () => {
    expect(blocks('gov-2019')).toEqual([
      { caption: '第二十条第（一）项', columns: ['本年新制作数量', '本年新公开数量', '对外公开总数量'], rows: ['规章', '规范性文件'] },
      { caption: '第二十条第（五）项', columns: ['上一年项目数量', '本年增/减', '处理决定数量'], rows: ['行政许可', '其他对外管理服务事项'] },
      { caption: '第二十条第（六）项', columns: ['上一年项目数量', '本年增/减', '处理决定数量'], rows: ['行政处罚', '行政强制'] },
      { caption: '第二十条第（八）项', columns: ['上一年项目数量', '本年增/减'], rows: ['行政事业性收费'] },
      { caption: '第二十条第（九）项', columns: ['采购项目数量', '采购总金额'], rows: ['政府集中采购'] },
    ]);
    expect(resolveCell(indexFormat(formats['gov-2019']), 'proactive.licensing.permits/change')!.kind).toBe('signedCount');
    expect(resolveCell(indexFormat(formats['gov-2019']), 'proactive.procurement.centralized/procurementAmount')).toMatchObject({ kind: 'money', unit: '元' });
  });

  it('2021 table 1 has four blocks and the first money unit (万元)', () => {
    expect(blocks('gov-2021')).toEqual([
      { caption: '第二十条第（一）项', columns: ['本年制发件数', '本年废止件数', '现行有效件数'], rows: ['规章', '行政规范性文件'] },
      { caption: '第二十条第（五）项', columns: ['本年处理决定数量'], rows: ['行政许可'] },
      { caption: '第二十条第（六）项', columns: ['本年处理决定数量'], rows: ['行政处罚', '行政强制'] },
      { caption: '第二十条第（八）项', columns: ['本年收费金额（单位：万元）'], rows: ['行政事业性收费'] },
    ]);
    expect(resolveCell(indexFormat(formats['gov-2021']), 'proactive.charges.fees/feeAmount')).toMatchObject({ kind: 'money', unit: '万元' });
  });

  it('changes nothing else in tables 2 and 3 but the split of （六）其他处理', () => {
    const cells = (id: 'gov-2019' | 'gov-2021', table: string) =>
      indexFormat(formats[id]).tableById.get(table)!.cells.map((c) => `${c.ref}=${c.row.label}|${c.column.label}|${c.printed}`);
    expect(cells('gov-2019', 'reviewLitigation')).toEqual(cells('gov-2021', 'reviewLitigation'));
    const before = new Set(cells('gov-2019', 'applications'));
    const after = new Set(cells('gov-2021', 'applications'));
    const removed = [...before].filter((c) => !after.has(c)).map((c) => c.split('=')[0]!.split('/')[0]);
    const added = [...after].filter((c) => !before.has(c)).map((c) => c.split('=')[0]!.split('/')[0]);
    expect(new Set(removed)).toEqual(new Set(['applications.results.other']));
    expect(new Set(added)).toEqual(
      new Set(['applications.results.other', 'applications.results.other.noCorrection', 'applications.results.other.feeUnpaid', 'applications.results.other.other']),
    );
  });

  it('has the 2021 section 六 fee guidance and the 2021 length guidance of section 一', () => {
    const f = formats['gov-2021'];
    expect(f.sections[5]!.guidance!['zh-CN']).toContain('信息处理费');
    expect(f.sections[0]!.guidance!['zh-CN']).toContain('一千字');
    expect(formats['gov-2019'].sections[0]!.guidance!['zh-CN']).not.toContain('一千字');
  });
});

describe('every official format', () => {
  it.each(Object.keys(formats))('%s has unique ids and every cell has a unit and a kind', (id) => {
    const index = indexFormat(formats[id as keyof typeof formats]);
    const rowIds = index.tables.flatMap((t) => t.rows.map((r) => r.id));
    expect(new Set(rowIds).size).toBe(rowIds.length);
    for (const t of index.tables) {
      const columnIds = t.columns.map((c) => c.id);
      expect(new Set(columnIds).size).toBe(columnIds.length);
    }
    for (const cell of index.cells) {
      expect(cell.unit).toBeTruthy();
      expect(cell.kind === 'money').toBe(cell.unit === '万元' || cell.unit === '元');
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(formats['gov-2021'].tables[1]!.rows[0])).toBe(true);
    expect(() => {
      (formats['gov-2021'] as { id: string }).id = 'x';
    }).toThrow(TypeError);
  });

  it('is found by id, by edition and by report year', () => {
    expect(getFormat('gov-2019')).toBe(formats['gov-2019']);
    expect(getFormat('2021')).toBe(formats['gov-2021']);
    expect(getFormat(2014)).toBe(formats['gov-2014']);
    expect(getFormat('nope')).toBeUndefined();
    for (const key of [Symbol('gov-2021'), Object.create(null), { toString: () => 'gov-2021' }, null, undefined]) expect(getFormat(key as never)).toBeUndefined();
    expect(formatForYear(2017).id).toBe('gov-2014');
    expect(formatForYear(2020).id).toBe('gov-2019');
    expect(formatForYear(2025).id).toBe('gov-2021');
  });
});

describe('defineFormat', () => {
  const clone = (): { -readonly [K in keyof FormatDefinition]: FormatDefinition[K] } => structuredClone(gov2014);
  const problemsOf = (definition: FormatDefinition): string[] => {
    try {
      defineFormat(definition);
    } catch (error) {
      expect(error).toBeInstanceOf(FormatDefinitionError);
      return (error as FormatDefinitionError).problems.map((p) => `${p.path}: ${p.message}`);
    }
    return [];
  };
  const withRows = (rows: NodeDefinition[]): FormatDefinition => ({
    ...clone(),
    id: 'local-test',
    identities: [],
    tables: [{ id: 'stats', title: '统计表', columns: [{ id: 'value', label: '统计数' }], rows }],
  });

  it('accepts a local variant with extra rows under 一 and finds it by id', () => {
    const base = clone();
    const table = structuredClone(base.tables[0]!);
    const proactive = table.rows[0]!;
    const extra: NodeDefinition[] = [
      { id: 'proactive.personnel', label: '主动公开机构领导、机构设置及人事信息', unit: '条' },
      { id: 'proactive.enforcementInfo', label: '主动公开行政执法信息', unit: '条' },
    ];
    const local = defineFormat({
      ...base,
      id: 'zj-2014',
      edition: 'zj-2014',
      tables: [{ ...table, rows: [{ ...proactive, children: [...proactive.children!, ...extra] }, ...table.rows.slice(1)] }],
    });
    expect(indexFormat(local).tables[0]!.rows).toHaveLength(67);
    expect(getFormat('zj-2014', [local])).toBe(local);
  });

  it('names a duplicated id', () => {
    const problems = problemsOf(withRows([
      { id: 'a', label: '甲', unit: '件' },
      { id: 'a', label: '乙', unit: '件' },
    ]));
    expect(problems.join('\n')).toMatch(/rows › a: duplicate row id a/);
  });

  it('names an unknown unit', () => {
    const problems = problemsOf(withRows([{ id: 'a', label: '甲', unit: '斤' as never }]));
    expect(problems.join('\n')).toMatch(/rows › a: unknown unit "斤"/);
  });

  it('names a relation that does not make sense', () => {
    expect(problemsOf(withRows([{ id: 'a', label: '甲', unit: '件', relation: 'sum' }])).join('\n')).toMatch(/rows › a: relation sum needs children/);
    expect(problemsOf(withRows([{ id: 'a', label: '甲', unit: '件', children: [{ id: 'a.b', label: '乙' }] }])).join('\n')).toMatch(/rows › a: a node with children needs a relation/);
    const mixed = problemsOf(withRows([{ id: 'a', label: '甲', unit: '件', relation: 'sum', children: [{ id: 'a.b', label: '乙', unit: '万元' }] }]));
    expect(mixed.join('\n')).toMatch(/rows › a\.b: unit 万元 differs from its parent a's 件/);
  });

  it('names a bad id, a missing unit and an identity over a cell that does not exist', () => {
    expect(problemsOf(withRows([{ id: '1bad', label: '甲', unit: '件' }])).join('\n')).toMatch(/must be dotted ASCII camelCase/);
    expect(problemsOf(withRows([{ id: 'constructor', label: '甲', unit: '件' }])).join('\n')).toMatch(/reserved/);
    expect(problemsOf(withRows([{ id: 'a', label: '甲' }])).join('\n')).toMatch(/cell a\/value: no unit/);
    const definition = {
      ...withRows([{ id: 'a', label: '甲', unit: '件' }]),
      identities: [{ ...gov2014.identities[0]!, table: 'stats' }],
    };
    expect(problemsOf(definition).join('\n')).toMatch(/term proactive\.published\/value is not a cell/);
  });

  it('rejects a non-object with a TypeError', () => {
    expect(() => defineFormat(null as never)).toThrow(TypeError);
  });
});
