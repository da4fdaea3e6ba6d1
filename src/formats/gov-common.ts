import type {
  IdentityDefinition,
  NarrativeCue,
  NodeDefinition,
  SectionTemplate,
  TableDefinition,
} from './types.js';

/** Table 2 stub note of both post-2019 editions (rule A1). */
const A1_NOTE = '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）';

/** The six sections of the 2019 and 2021 templates; `overviewGuidance` differs between them. */
export function postReformSections(edition: '2019' | '2021'): SectionTemplate[] {
  return [
    {
      id: 'overview',
      title: '总体情况',
      aliases: ['概述', '总体情况概述', '基本情况', '工作总体情况'],
      ...(edition === '2021' ? { maxLength: 1000 } : {}),
      guidance:
        edition === '2021'
          ? {
              'zh-CN': '主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障等情况；篇幅原则上不超过一千字。',
              en: 'Proactive disclosure, applications, information management, platforms, oversight; in principle at most 1,000 characters.',
            }
          : {
              'zh-CN': '主动公开、依申请公开、政府信息管理、平台建设、监督保障等情况。',
              en: 'Proactive disclosure, applications, information management, platforms, oversight.',
            },
    },
    {
      id: 'proactive',
      title: '主动公开政府信息情况',
      aliases: ['行政机关主动公开政府信息情况', '主动公开政府信息', '主动公开情况', '主动公开政府信息的情况'],
      tables: ['proactive'],
    },
    {
      id: 'applications',
      title: '收到和处理政府信息公开申请情况',
      aliases: ['行政机关收到和处理政府信息公开申请情况', '收到和处理政府信息公开申请', '收到和处理政府信息公开申请的情况', '依申请公开政府信息情况'],
      tables: ['applications'],
    },
    {
      id: 'reviewLitigation',
      title: '政府信息公开行政复议、行政诉讼情况',
      aliases: [
        '因政府信息公开工作被申请行政复议、提起行政诉讼情况',
        '政府信息公开行政复议和行政诉讼情况',
        '政府信息公开行政复议、行政诉讼',
        '政府信息公开行政复议及行政诉讼情况',
        '因政府信息公开申请行政复议、提起行政诉讼情况',
      ],
      tables: ['reviewLitigation'],
    },
    {
      id: 'problems',
      title: '存在的主要问题及改进情况',
      aliases: [
        '政府信息公开工作存在的主要问题及改进情况',
        '存在的主要问题及整改措施',
        '存在的主要问题及改进措施',
        '存在的主要问题和改进情况',
        '存在的主要问题及整改情况',
        '存在问题及改进情况',
        '存在问题及改进措施',
        '存在问题及整改措施',
        '存在问题及整改情况',
        '存在的问题及改进情况',
        '存在的问题及改进措施',
        '主要问题及改进情况',
        '主要问题及改进措施',
        '政府信息公开工作存在的主要问题及改进措施',
      ],
    },
    {
      id: 'other',
      title: '其他需要报告的事项',
      aliases: ['其他需要报告事项', '其他事项', '其他需要说明的事项'],
      ...(edition === '2021'
        ? {
            mentions: [
              {
                rule: 'A8',
                kind: 'official' as const,
                severity: 'warning' as const,
                any: ['信息处理费'],
                description: {
                  'zh-CN': '收取信息处理费的情况应在“其他需要报告的事项”中专门报告',
                  en: 'the information processing fees collected must be reported in section 六',
                },
              },
            ],
          }
        : {}),
      guidance:
        edition === '2021'
          ? {
              'zh-CN': '收取信息处理费情况在此处报告。',
              en: 'Report the information processing fees collected here.',
            }
          : { 'zh-CN': '其他需要报告的事项。', en: 'Other matters to report.' },
    },
  ];
}

/** The outcome rows of （六）其他处理: a leaf in 2019, three leaves under a subtotal in 2021. */
function otherOutcome(edition: '2019' | '2021'): NodeDefinition {
  if (edition === '2019') return { id: 'applications.results.other', label: '（六）其他处理' };
  return {
    id: 'applications.results.other',
    label: '（六）其他处理',
    relation: 'sum',
    printed: false,
    children: [
      {
        id: 'applications.results.other.noCorrection',
        label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
      },
      {
        id: 'applications.results.other.feeUnpaid',
        label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
      },
      { id: 'applications.results.other.other', label: '3.其他' },
    ],
  };
}

/** Table 2, 收到和处理政府信息公开申请情况: 23 (2019) or 25 (2021) data rows × 7 columns. */
export function applicationsTable(edition: '2019' | '2021'): TableDefinition {
  return {
    id: 'applications',
    title: '收到和处理政府信息公开申请情况',
    stubHeader: A1_NOTE,
    unit: '件',
    kind: 'count',
    columns: [
      {
        id: 'applicant',
        label: '申请人情况',
        relation: 'group',
        children: [
          { id: 'naturalPerson', label: '自然人' },
          {
            id: 'legalPerson',
            label: '法人或其他组织',
            relation: 'sum',
            printed: false,
            children: [
              { id: 'commercial', label: '商业企业' },
              { id: 'research', label: '科研机构' },
              { id: 'publicInterest', label: '社会公益组织' },
              { id: 'legalService', label: '法律服务机构' },
              { id: 'otherOrganization', label: '其他' },
            ],
          },
          { id: 'total', label: '总计' },
        ],
      },
    ],
    rows: [
      { id: 'applications.newThisYear', label: '一、本年新收政府信息公开申请数量', aliases: ['本年新收'] },
      { id: 'applications.carriedOver', label: '二、上年结转政府信息公开申请数量', aliases: ['上年结转'] },
      {
        id: 'applications.results',
        label: '三、本年度办理结果',
        relation: 'group',
        children: [
          { id: 'applications.results.granted', label: '（一）予以公开' },
          {
            id: 'applications.results.partial',
            label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）',
            aliases: ['部分公开'],
          },
          {
            id: 'applications.results.withheld',
            label: '（三）不予公开',
            relation: 'sum',
            printed: false,
            children: [
              { id: 'applications.results.withheld.stateSecret', label: '1.属于国家秘密' },
              { id: 'applications.results.withheld.prohibited', label: '2.其他法律行政法规禁止公开' },
              {
                id: 'applications.results.withheld.security',
                label: '3.危及“三安全一稳定”',
                aliases: ['危及"三安全一稳定"', '危及三安全一稳定'],
              },
              { id: 'applications.results.withheld.thirdParty', label: '4.保护第三方合法权益' },
              { id: 'applications.results.withheld.internal', label: '5.属于三类内部事务信息' },
              { id: 'applications.results.withheld.process', label: '6.属于四类过程性信息' },
              { id: 'applications.results.withheld.enforcementFile', label: '7.属于行政执法案卷' },
              { id: 'applications.results.withheld.inquiry', label: '8.属于行政查询事项' },
            ],
          },
          {
            id: 'applications.results.unavailable',
            label: '（四）无法提供',
            relation: 'sum',
            printed: false,
            children: [
              { id: 'applications.results.unavailable.notHeld', label: '1.本机关不掌握相关政府信息' },
              { id: 'applications.results.unavailable.notExisting', label: '2.没有现成信息需要另行制作' },
              { id: 'applications.results.unavailable.unclear', label: '3.补正后申请内容仍不明确' },
            ],
          },
          {
            id: 'applications.results.notProcessed',
            label: '（五）不予处理',
            relation: 'sum',
            printed: false,
            children: [
              { id: 'applications.results.notProcessed.petition', label: '1.信访举报投诉类申请' },
              { id: 'applications.results.notProcessed.repeated', label: '2.重复申请' },
              { id: 'applications.results.notProcessed.publication', label: '3.要求提供公开出版物' },
              { id: 'applications.results.notProcessed.excessive', label: '4.无正当理由大量反复申请' },
              { id: 'applications.results.notProcessed.confirmation', label: '5.要求行政机关确认或重新出具已获取信息' },
            ],
          },
          otherOutcome(edition),
          { id: 'applications.results.total', label: '（七）总计' },
        ],
      },
      { id: 'applications.carriedForward', label: '四、结转下年度继续办理', aliases: ['结转下年度'] },
    ],
  };
}

const outcomes = (...ids: string[]) => ids.map((id) => `applications.results.${id}`);

/** Table 3, 政府信息公开行政复议、行政诉讼情况: one row of 15 cells (identical in 2019 and 2021). */
export function reviewLitigationTable(): TableDefinition {
  const results = (prefix: string): NodeDefinition[] => [
    { id: `${prefix}.upheld`, label: '结果维持' },
    { id: `${prefix}.corrected`, label: '结果纠正' },
    { id: `${prefix}.other`, label: '其他结果' },
    { id: `${prefix}.pending`, label: '尚未审结' },
    { id: `${prefix}.total`, label: '总计' },
  ];
  return {
    id: 'reviewLitigation',
    title: '政府信息公开行政复议、行政诉讼情况',
    unit: '件',
    kind: 'count',
    rows: [{ id: 'reviewLitigation.cases', label: '案件数', unlabeled: true }],
    columns: [
      { id: 'review', label: '行政复议', relation: 'group', children: results('review') },
      {
        id: 'litigation',
        label: '行政诉讼',
        relation: 'group',
        children: [
          {
            id: 'litigation.direct',
            label: '未经复议直接起诉',
            relation: 'group',
            children: results('litigation.direct'),
          },
          {
            id: 'litigation.afterReview',
            label: '复议后起诉',
            relation: 'group',
            children: results('litigation.afterReview'),
          },
        ],
      },
    ],
  };
}

/** Identities A1, A3, A4, A5 and the cross-year A10, shared by the 2019 and 2021 editions. */
export function postReformIdentities(): IdentityDefinition[] {
  const a5 = (block: string, zh: string, en: string): IdentityDefinition => ({
    id: `A5.${block.replace(/^litigation\./, '')}`,
    rule: 'A5',
    kind: 'customary',
    severity: 'error',
    table: 'reviewLitigation',
    each: 'row',
    relation: 'eq',
    left: [`${block}.total`],
    right: [`${block}.upheld`, `${block}.corrected`, `${block}.other`, `${block}.pending`],
    description: {
      'zh-CN': `${zh}总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结`,
      en: `${en} total = upheld + corrected + other + pending`,
    },
    sides: { right: { 'zh-CN': '各结果之和', en: 'the sum of the results' } },
  });
  return [
    {
      id: 'A1',
      rule: 'A1',
      kind: 'official',
      severity: 'error',
      table: 'applications',
      each: 'column',
      relation: 'eq',
      left: ['applications.newThisYear', 'applications.carriedOver'],
      right: ['applications.results.total', 'applications.carriedForward'],
      description: {
        'zh-CN': '本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理',
        en: 'new this year + carried over = total handled + carried forward',
      },
      sides: {
        left: { 'zh-CN': '本年新收与上年结转之和', en: 'new this year plus carried over' },
        right: { 'zh-CN': '（七）总计与结转下年度之和', en: 'total handled plus carried forward' },
      },
    },
    {
      id: 'A3',
      rule: 'A3',
      kind: 'customary',
      severity: 'error',
      table: 'applications',
      each: 'column',
      relation: 'eq',
      left: ['applications.results.total'],
      right: outcomes('granted', 'partial', 'withheld', 'unavailable', 'notProcessed', 'other'),
      description: {
        'zh-CN': '（七）总计 = 各办理结果之和',
        en: 'total handled = the sum of all outcomes',
      },
      sides: { right: { 'zh-CN': '各办理结果之和', en: 'the sum of the outcomes' } },
    },
    {
      id: 'A4',
      rule: 'A4',
      kind: 'customary',
      severity: 'error',
      table: 'applications',
      each: 'row',
      relation: 'eq',
      left: ['total'],
      right: ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization'],
      description: {
        'zh-CN': '总计 = 自然人 + 法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）',
        en: 'total = natural persons + the five kinds of legal persons and other organisations',
      },
      sides: { right: { 'zh-CN': '各类申请人之和', en: 'the sum of the applicant columns' } },
    },
    a5('review', '行政复议', 'Administrative review'),
    a5('litigation.direct', '行政诉讼（未经复议直接起诉）', 'Litigation without prior review'),
    a5('litigation.afterReview', '行政诉讼（复议后起诉）', 'Litigation after review'),
    {
      id: 'A10',
      rule: 'A10',
      kind: 'customary',
      severity: 'warning',
      table: 'applications',
      each: 'column',
      relation: 'eq',
      left: ['applications.carriedOver'],
      right: [{ ref: 'applications.carriedForward', previous: true }],
      description: {
        'zh-CN': '本年“上年结转” = 上年报告的“结转下年度继续办理”',
        en: "carried over this year = last year's carried forward",
      },
    },
  ];
}

/** A number as reports print it: digits, optionally grouped with commas. */
export const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+)`;

/** Where the 2019/2021 narrative quotes table figures (rule A11). */
export function postReformCues(): NarrativeCue[] {
  return [
    {
      id: 'applications.received',
      cells: ['applications.newThisYear/total'],
      pattern: String.raw`(?:收到|新收|受理)[^。；！？\n]{0,30}?申请(?:共|合计|总计|数量?)?(?:为)?` + NUMBER + '件',
      requires: ['公开'],
      excludes: ['审批'],
      description: { 'zh-CN': '本年新收申请数', en: 'applications received' },
    },
    {
      id: 'applications.closed',
      cells: ['applications.results.total/total'],
      pattern: String.raw`办结(?:政府信息公开申请|申请)?(?:共|合计)?` + NUMBER + '件',
      requires: ['申请'],
      excludes: ['审批', '平台', '事项'],
      description: { 'zh-CN': '办结申请数', en: 'applications closed' },
    },
    {
      id: 'applications.carriedOver',
      cells: ['applications.carriedOver/total'],
      pattern: String.raw`上一?年度?结转(?:的)?(?:申请)?` + NUMBER + '件',
      description: { 'zh-CN': '上年结转申请数', en: 'applications carried over' },
    },
    {
      id: 'applications.carriedForward',
      cells: ['applications.carriedForward/total'],
      pattern: String.raw`(?<!上年|上一年|上年度)结转(?:至|到)?(?:下一?年度?|\d{4}年度?)?(?:继续办理)?` + NUMBER + '件',
      description: { 'zh-CN': '结转下年度申请数', en: 'applications carried forward' },
    },
    {
      id: 'review.total',
      cells: ['reviewLitigation.cases/review.total'],
      pattern: String.raw`行政复议(?:案件|申请)?(?:共)?` + NUMBER + '(?:件|起)',
      description: { 'zh-CN': '行政复议总数', en: 'administrative reviews' },
    },
    {
      id: 'litigation.total',
      cells: ['reviewLitigation.cases/litigation.direct.total', 'reviewLitigation.cases/litigation.afterReview.total'],
      pattern: String.raw`行政诉讼(?:案件)?(?:共)?` + NUMBER + '(?:件|起)',
      description: { 'zh-CN': '行政诉讼总数', en: 'administrative lawsuits' },
    },
  ];
}
