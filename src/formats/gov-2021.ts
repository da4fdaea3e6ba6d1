import { applicationsTable, postReformCues, postReformIdentities, postReformSections, reviewLitigationTable } from './gov-common.js';
import type { FormatDefinition } from './types.js';

/** The current format, 国办公开办函〔2021〕30号 (report years from 2021). */
export const gov2021: FormatDefinition = {
  id: 'gov-2021',
  edition: '2021',
  title: '中华人民共和国政府信息公开工作年度报告格式',
  basis: '国办公开办函〔2021〕30号',
  years: { from: 2021 },
  tablePlacement: 'sections',
  cues: postReformCues(),
  sections: postReformSections('2021'),
  tables: [
    {
      id: 'proactive',
      title: '主动公开政府信息情况',
      unit: '件',
      kind: 'count',
      columns: [
        { id: 'issued', label: '本年制发件数' },
        { id: 'repealed', label: '本年废止件数' },
        { id: 'inForce', label: '现行有效件数' },
        { id: 'decisions', label: '本年处理决定数量' },
        { id: 'feeAmount', label: '本年收费金额（单位：万元）', aliases: ['本年收费金额'], unit: '万元', kind: 'money' },
      ],
      rows: [
        {
          id: 'proactive.documents',
          label: '第二十条第（一）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['issued', 'repealed', 'inForce'],
          children: [
            { id: 'proactive.documents.rules', label: '规章' },
            { id: 'proactive.documents.normative', label: '行政规范性文件', aliases: ['规范性文件'] },
          ],
        },
        {
          id: 'proactive.licensing',
          label: '第二十条第（五）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['decisions'],
          children: [{ id: 'proactive.licensing.permits', label: '行政许可' }],
        },
        {
          id: 'proactive.enforcement',
          label: '第二十条第（六）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['decisions'],
          children: [
            { id: 'proactive.enforcement.penalties', label: '行政处罚' },
            { id: 'proactive.enforcement.coercion', label: '行政强制' },
          ],
        },
        {
          id: 'proactive.charges',
          label: '第二十条第（八）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['feeAmount'],
          children: [{ id: 'proactive.charges.fees', label: '行政事业性收费' }],
        },
      ],
    },
    applicationsTable('2021'),
    reviewLitigationTable(),
  ],
  identities: [
    ...postReformIdentities(),
    {
      id: 'A12',
      rule: 'A12',
      kind: 'heuristic',
      severity: 'warning',
      table: 'proactive',
      each: 'row',
      relation: 'eq',
      left: ['inForce'],
      right: [{ ref: 'inForce', previous: true }, 'issued', { ref: 'repealed', coefficient: -1 }],
      description: {
        'zh-CN': '现行有效件数 ≈ 上年现行有效件数 + 本年制发件数 − 本年废止件数',
        en: "documents in force ≈ last year's in force + issued − repealed",
      },
      sides: {
        right: {
          'zh-CN': '上年现行有效件数加本年制发件数减本年废止件数',
          en: "last year's documents in force plus issued minus repealed",
        },
      },
    },
  ],
};
