import { NUMBER } from './gov-common.js';
import type { FormatDefinition, NodeDefinition, RuleTag } from './types.js';

const customary = (id: string, severity: RuleTag['severity'] = 'error'): RuleTag => ({
  id,
  kind: 'customary',
  severity,
});

/**
 * The 2014-family 《政府信息公开情况统计表》 (国办发〔2014〕32号), exactly as the 2017 report of
 * 江北区行政审批管理办公室 prints it: nine blocks, 65 rows, one value column 统计数.
 */
const rows: NodeDefinition[] = [
  {
    id: 'proactive',
    label: '一、主动公开情况',
    relation: 'group',
    children: [
      {
        id: 'proactive.published',
        label: '（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）',
        aliases: ['主动公开政府信息数'],
        unit: '条',
        relation: 'partOf',
        rule: customary('B2'),
        children: [
          {
            id: 'proactive.published.normative',
            label: '其中：主动公开规范性文件数',
            aliases: ['主动公开规范性文件数'],
            unit: '条',
          },
        ],
      },
      { id: 'proactive.normativeIssued', label: '制发规范性文件总数', unit: '件' },
      {
        id: 'proactive.channels',
        label: '（二）通过不同渠道和方式公开政府信息的情况',
        relation: 'group',
        children: [
          { id: 'proactive.channels.gazette', label: '1.政府公报公开政府信息数', aliases: ['政府公报'], unit: '条' },
          { id: 'proactive.channels.website', label: '2.政府网站公开政府信息数', aliases: ['政府网站'], unit: '条' },
          { id: 'proactive.channels.weibo', label: '3.政务微博公开政府信息数', aliases: ['政务微博'], unit: '条' },
          { id: 'proactive.channels.wechat', label: '4.政务微信公开政府信息数', aliases: ['政务微信'], unit: '条' },
          { id: 'proactive.channels.other', label: '5.其他方式公开政府信息数', aliases: ['其他方式'], unit: '条' },
        ],
      },
    ],
  },
  {
    id: 'response',
    label: '二、回应解读情况',
    relation: 'group',
    children: [
      {
        id: 'response.hotspots',
        label: '（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）',
        aliases: ['回应公众关注热点或重大舆情数'],
        unit: '次',
      },
      {
        id: 'response.channels',
        label: '（二）通过不同渠道和方式回应解读的情况',
        relation: 'group',
        children: [
          {
            id: 'response.channels.pressConferences',
            label: '1.参加或举办新闻发布会总次数',
            aliases: ['参加或举办新闻发布会次数'],
            unit: '次',
            relation: 'partOf',
            rule: customary('B2'),
            children: [
              {
                id: 'response.channels.pressConferences.byLeaders',
                label: '其中：主要负责同志参加新闻发布会次数',
                unit: '次',
              },
            ],
          },
          {
            id: 'response.channels.interviews',
            label: '2.政府网站在线访谈次数',
            unit: '次',
            relation: 'partOf',
            rule: customary('B2'),
            children: [
              {
                id: 'response.channels.interviews.byLeaders',
                label: '其中：主要负责同志参加政府网站在线访谈次数',
                unit: '次',
              },
            ],
          },
          { id: 'response.channels.interpretations', label: '3.政策解读稿件发布数', unit: '篇' },
          { id: 'response.channels.social', label: '4.微博微信回应事件数', unit: '次' },
          { id: 'response.channels.other', label: '5.其他方式回应事件数', unit: '次' },
        ],
      },
    ],
  },
  {
    id: 'requests',
    label: '三、依申请公开情况',
    relation: 'group',
    children: [
      {
        id: 'requests.received',
        label: '（一）收到申请数',
        unit: '件',
        relation: 'sum',
        rule: customary('B3'),
        children: [
          { id: 'requests.received.inPerson', label: '1.当面申请数', aliases: ['当面'], unit: '件' },
          { id: 'requests.received.fax', label: '2.传真申请数', aliases: ['传真'], unit: '件' },
          { id: 'requests.received.online', label: '3.网络申请数', aliases: ['网络'], unit: '件' },
          { id: 'requests.received.letter', label: '4.信函申请数', aliases: ['信函'], unit: '件' },
        ],
      },
      {
        id: 'requests.closed',
        label: '（二）申请办结数',
        unit: '件',
        relation: 'sum',
        rule: customary('B4'),
        children: [
          { id: 'requests.closed.onTime', label: '1.按时办结数', aliases: ['按时办结'], unit: '件' },
          { id: 'requests.closed.extended', label: '2.延期办结数', aliases: ['延期办结'], unit: '件' },
        ],
      },
      {
        id: 'requests.replies',
        label: '（三）申请答复数',
        unit: '件',
        relation: 'sum',
        rule: customary('B5'),
        children: [
          { id: 'requests.replies.alreadyPublic', label: '1.属于已主动公开范围数', unit: '件' },
          { id: 'requests.replies.granted', label: '2.同意公开答复数', unit: '件' },
          { id: 'requests.replies.partial', label: '3.同意部分公开答复数', unit: '件' },
          {
            id: 'requests.replies.refused',
            label: '4.不同意公开答复数',
            unit: '件',
            relation: 'sum',
            rule: customary('B6', 'warning'),
            children: [
              { id: 'requests.replies.refused.stateSecret', label: '其中：涉及国家秘密', aliases: ['涉及国家秘密'], unit: '件' },
              { id: 'requests.replies.refused.commercialSecret', label: '涉及商业秘密', unit: '件' },
              { id: 'requests.replies.refused.privacy', label: '涉及个人隐私', unit: '件' },
              { id: 'requests.replies.refused.security', label: '危及国家安全、公共安全、经济安全和社会稳定', unit: '件' },
              { id: 'requests.replies.refused.notGovernmentInfo', label: '不是《条例》所指政府信息', unit: '件' },
              { id: 'requests.replies.refused.otherStatutory', label: '法律法规规定的其他情形', unit: '件' },
            ],
          },
          { id: 'requests.replies.notThisOrgan', label: '5.不属于本行政机关公开数', unit: '件' },
          { id: 'requests.replies.nonexistent', label: '6.申请信息不存在数', unit: '件' },
          { id: 'requests.replies.amendment', label: '7.告知作出更改补充数', unit: '件' },
          { id: 'requests.replies.otherChannel', label: '8.告知通过其他途径办理数', unit: '件' },
        ],
      },
    ],
  },
  {
    id: 'review',
    label: '四、行政复议数量',
    unit: '件',
    relation: 'sum',
    rule: customary('B7'),
    children: [
      { id: 'review.upheld', label: '（一）维持具体行政行为数', unit: '件' },
      { id: 'review.corrected', label: '（二）被依法纠错数', unit: '件' },
      { id: 'review.other', label: '（三）其他情形数', unit: '件' },
    ],
  },
  {
    id: 'litigation',
    label: '五、行政诉讼数量',
    unit: '件',
    relation: 'sum',
    rule: customary('B7'),
    children: [
      { id: 'litigation.upheld', label: '（一）维持具体行政行为或者驳回原告诉讼请求数', unit: '件' },
      { id: 'litigation.corrected', label: '（二）被依法纠错数', unit: '件' },
      { id: 'litigation.other', label: '（三）其他情形数', unit: '件' },
    ],
  },
  { id: 'complaints', label: '六、举报投诉数量', unit: '件' },
  { id: 'fees', label: '七、依申请公开信息收取的费用', unit: '万元' },
  {
    id: 'capacity',
    label: '八、机构建设和保障经费情况',
    relation: 'group',
    children: [
      { id: 'capacity.offices', label: '（一）政府信息公开工作专门机构数', unit: '个' },
      { id: 'capacity.readingPoints', label: '（二）设置政府信息公开查阅点数', unit: '个' },
      {
        id: 'capacity.staff',
        label: '（三）从事政府信息公开工作人员数',
        unit: '人',
        relation: 'sum',
        rule: customary('B8'),
        children: [
          {
            id: 'capacity.staff.fullTime',
            label: '1.专职人员数（不包括政府公报及政府网站工作人员数）',
            aliases: ['专职人员数'],
            unit: '人',
          },
          { id: 'capacity.staff.partTime', label: '2.兼职人员数', unit: '人' },
        ],
      },
      {
        id: 'capacity.funding',
        label: '（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）',
        aliases: ['政府信息公开专项经费'],
        unit: '万元',
      },
    ],
  },
  {
    id: 'training',
    label: '九、政府信息公开会议和培训情况',
    relation: 'group',
    children: [
      { id: 'training.meetings', label: '（一）召开政府信息公开工作会议或专题会议数', unit: '次' },
      { id: 'training.courses', label: '（二）举办各类培训班数', unit: '次' },
      { id: 'training.trainees', label: '（三）接受培训人员数', unit: '人次' },
    ],
  },
];

/** The 2014-family format (reports for 2014–2018): seven customary sections and the statistics table as an attachment. */
export const gov2014: FormatDefinition = {
  id: 'gov-2014',
  edition: '2014',
  title: '政府信息公开情况统计表（2014年起）',
  basis: '国办发〔2014〕32号',
  years: { from: 2014, to: 2018 },
  tablePlacement: 'attachment',
  sectionRule: { kind: 'customary', severity: 'info' },
  cues: [
    {
      id: 'proactive.published',
      cells: ['proactive.published/value'],
      pattern: String.raw`主动公开(?:政府)?信息(?:共|总数|数)?(?:为|达)?` + NUMBER + '条',
      description: { 'zh-CN': '主动公开政府信息数', en: 'information published proactively' },
    },
    {
      id: 'requests.received',
      cells: ['requests.received/value'],
      pattern: String.raw`(?:收到|受理)[^。；！？\n]{0,30}?申请(?:共|总数|数)?(?:为)?` + NUMBER + '件',
      requires: ['公开'],
      excludes: ['审批'],
      description: { 'zh-CN': '收到申请数', en: 'applications received' },
    },
    {
      id: 'requests.closed',
      cells: ['requests.closed/value'],
      pattern: String.raw`办结(?:政府信息公开申请|申请)?(?:共|数)?(?:为)?` + NUMBER + '件',
      requires: ['申请'],
      excludes: ['审批', '平台', '事项'],
      description: { 'zh-CN': '申请办结数', en: 'applications closed' },
    },
    {
      id: 'review',
      cells: ['review/value'],
      pattern: String.raw`行政复议(?:案件|申请)?(?:共)?` + NUMBER + '(?:件|起)',
      description: { 'zh-CN': '行政复议数量', en: 'administrative reviews' },
    },
    {
      id: 'litigation',
      cells: ['litigation/value'],
      pattern: String.raw`行政诉讼(?:案件)?(?:共)?` + NUMBER + '(?:件|起)',
      description: { 'zh-CN': '行政诉讼数量', en: 'administrative lawsuits' },
    },
  ],
  attachmentTitle: '政府信息公开情况统计表',
  sections: [
    { id: 'overview', title: '概述' },
    { id: 'proactive', title: '主动公开政府信息情况', aliases: ['主动公开政府信息的情况'] },
    {
      id: 'requests',
      title: '依申请公开政府信息情况',
      aliases: ['依申请公开政府信息和不予公开政府信息的情况', '依申请公开政府信息情况和不予公开政府信息的情况'],
    },
    { id: 'fees', title: '政府信息公开收费及减免情况', aliases: ['政府信息公开的收费及减免情况'] },
    {
      id: 'appeals',
      title: '因政府信息公开申请行政复议和提起行政诉讼情况',
      aliases: ['因政府信息公开申请行政复议、提起行政诉讼的情况'],
    },
    {
      id: 'problems',
      title: '政府信息公开工作存在的主要问题及改进措施',
      aliases: ['政府信息公开工作存在的主要问题及改进情况', '工作存在的主要问题及改进措施'],
    },
    { id: 'other', title: '其他需要报告的事项' },
  ],
  tables: [
    {
      id: 'statistics',
      title: '政府信息公开情况统计表',
      stubHeader: '统计指标',
      unitColumn: true,
      rows,
      columns: [{ id: 'value', label: '统计数' }],
    },
  ],
  identities: [
    {
      id: 'B1',
      rule: 'B1',
      kind: 'official',
      severity: 'error',
      table: 'statistics',
      relation: 'distinct',
      left: ['proactive.published/value'],
      right: [
        'proactive.channels.gazette/value',
        'proactive.channels.website/value',
        'proactive.channels.weibo/value',
        'proactive.channels.wechat/value',
        'proactive.channels.other/value',
      ],
      sides: { right: { 'zh-CN': '各渠道公开数', en: 'the channel counts' } },
      description: {
        'zh-CN': '主动公开政府信息数（不同渠道相同信息计1条）不小于任一渠道数、不大于各渠道数之和',
        en: 'Information published proactively (counted once across channels) lies between the largest channel count and the sum of the channels',
      },
    },
  ],
};
