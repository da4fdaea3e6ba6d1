import { applicationsTable, postReformCues, postReformIdentities, postReformSections, reviewLitigationTable } from './gov-common.js';
import type { FormatDefinition } from './types.js';

/** The 2019 trial format, 国办公开办函〔2019〕60号 (report years 2019–2020). */
export const gov2019: FormatDefinition = {
  id: 'gov-2019',
  edition: '2019',
  title: '中华人民共和国政府信息公开工作年度报告格式（试行）',
  basis: '国办公开办函〔2019〕60号',
  years: { from: 2019, to: 2020 },
  tablePlacement: 'sections',
  cues: postReformCues(),
  sections: postReformSections('2019'),
  tables: [
    {
      id: 'proactive',
      title: '主动公开政府信息情况',
      unit: '件',
      kind: 'count',
      columns: [
        { id: 'newlyMade', label: '本年新制作数量' },
        { id: 'newlyPublished', label: '本年新公开数量' },
        { id: 'publishedTotal', label: '对外公开总数量' },
        { id: 'previousItems', label: '上一年项目数量' },
        { id: 'change', label: '本年增/减', aliases: ['本年增减'], kind: 'signedCount' },
        { id: 'decisions', label: '处理决定数量' },
        { id: 'procurementProjects', label: '采购项目数量' },
        { id: 'procurementAmount', label: '采购总金额', unit: '元', kind: 'money' },
      ],
      rows: [
        {
          id: 'proactive.documents',
          label: '第二十条第（一）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['newlyMade', 'newlyPublished', 'publishedTotal'],
          children: [
            { id: 'proactive.documents.rules', label: '规章' },
            { id: 'proactive.documents.normative', label: '规范性文件' },
          ],
        },
        {
          id: 'proactive.licensing',
          label: '第二十条第（五）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['previousItems', 'change', 'decisions'],
          children: [
            { id: 'proactive.licensing.permits', label: '行政许可' },
            { id: 'proactive.licensing.otherServices', label: '其他对外管理服务事项' },
          ],
        },
        {
          id: 'proactive.enforcement',
          label: '第二十条第（六）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['previousItems', 'change', 'decisions'],
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
          columns: ['previousItems', 'change'],
          children: [{ id: 'proactive.charges.fees', label: '行政事业性收费' }],
        },
        {
          id: 'proactive.procurement',
          label: '第二十条第（九）项',
          stubHeader: '信息内容',
          relation: 'group',
          columns: ['procurementProjects', 'procurementAmount'],
          children: [{ id: 'proactive.procurement.centralized', label: '政府集中采购' }],
        },
      ],
    },
    applicationsTable('2019'),
    reviewLitigationTable(),
  ],
  identities: [
    ...postReformIdentities(),
    {
      id: 'A13',
      rule: 'A13',
      kind: 'heuristic',
      severity: 'warning',
      table: 'proactive',
      each: 'row',
      relation: 'eq',
      left: ['previousItems'],
      right: [
        { ref: 'previousItems', previous: true },
        { ref: 'change', previous: true },
      ],
      description: {
        'zh-CN': '本年“上一年项目数量” = 上年报告的“上一年项目数量” + “本年增/减”',
        en: "this year's previous-year item count = last year's item count + last year's change",
      },
      sides: {
        right: { 'zh-CN': '上年报告的上一年项目数量加本年增/减', en: "last year's item count plus its change" },
      },
    },
  ],
};
