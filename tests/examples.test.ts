import { describe, expect, it } from 'vitest';
import { formats, getCell, indexFormat, type Report, type Section } from '../src/index.js';
import { seedTable, seedText, squash } from './helpers/seed.js';
import { loadExample } from './helpers/examples.js';

const load = loadExample;

describe('examples/jiangbei-2017.json, the seed report transcribed', () => {
  const report = load('jiangbei-2017.json');
  const rows = indexFormat(formats['gov-2014']).tables[0]!.rows;

  it('holds every number of the seed statistics table, in the same rows', () => {
    const printed = seedTable().slice(1);
    expect(printed).toHaveLength(rows.length);
    let numbers = 0;
    rows.forEach((row, i) => {
      const [label, unit, value] = printed[i]!;
      expect(squash(row.label)).toBe(label);
      if (unit === '——') {
        expect(report.tables.statistics![row.id], label).toBeUndefined();
        return;
      }
      numbers += 1;
      const cell = getCell(report, row.id);
      expect(String(cell), label).toBe(value);
      expect(typeof cell, label).toBe(unit === '万元' ? 'string' : 'number');
    });
    expect(numbers).toBe(58);
    expect(Object.keys(report.tables.statistics!)).toHaveLength(58);
  });

  it('keeps every paragraph of the text, in order', () => {
    const paragraphs: string[] = [...(report.preamble ?? [])];
    const walk = (sections: Section[]) => {
      for (const s of sections) {
        paragraphs.push(s.title, ...s.paragraphs);
        walk(s.subsections ?? []);
      }
    };
    walk(report.sections);
    const body = squash(seedText);
    let from = 0;
    for (const p of paragraphs) {
      const at = body.indexOf(squash(p), from);
      expect(at, p.slice(0, 20)).toBeGreaterThanOrEqual(from);
      from = at + squash(p).length;
    }
    expect(paragraphs.join('').length).toBeGreaterThan(4500);
  });

  it('has the seven customary sections, the signature and the attachment', () => {
    expect(report.sections.map((s) => s.id)).toEqual(formats['gov-2014'].sections.map((s) => s.id));
    expect(report.sections.map((s) => s.title)).toEqual(formats['gov-2014'].sections.map((s) => s.title));
    expect(report.sections[0]!.subsections!.map((s) => s.title[0])).toEqual(['领', '健', '制']);
    expect(report.signature).toEqual({ organ: '江北区行政审批管理办公室', date: '2018-03-20' });
    expect(report.attachments![0]).toMatchObject({ title: '政府信息公开情况统计表', period: '2017年度', filledBy: '江北区行政审批管理办公室' });
    expect(report.metadata.sourceUrl).toBe('http://www.nbjiangbei.gov.cn/col/col112103/index.html');
    expect(seedText).toContain(report.metadata.sourceUrl);
  });
});

describe.each([
  ['qingshan-2020.json', 'gov-2019'],
  ['qingshan-2022.json', 'gov-2021'],
] as const)('examples/%s', (name, formatId) => {
  const report = load(name);
  const index = indexFormat(formats[formatId]);
  const value = (ref: string) => {
    const v = getCell(report, ref);
    if (typeof v !== 'number') throw new Error(`${ref} is ${JSON.stringify(v)}`);
    return v;
  };
  const leaves = (rowId: string): string[] => {
    const row = index.rowById.get(rowId)!;
    return row.children.length === 0 ? [rowId] : row.children.flatMap((c) => leaves(c.id));
  };

  it(`is a ${formatId} report with every printed cell and nothing else`, () => {
    expect(report.format).toBe(formatId);
    const printed = index.cells.filter((c) => c.printed).map((c) => c.ref).sort();
    const present = Object.values(report.tables)
      .flatMap((t) => Object.entries(t).flatMap(([row, cols]) => Object.keys(cols).map((col) => `${row}/${col}`)))
      .sort();
    expect(present).toEqual(printed);
    expect(report.sections.map((s) => s.id)).toEqual(formats[formatId].sections.map((s) => s.id));
  });

  it('adds up (A1, A3, A4, A5)', () => {
    const t2 = index.tableById.get('applications')!;
    const columns = t2.valueColumns.filter((c) => c.printed).map((c) => c.id);
    const outcomes = index.rowById.get('applications.results')!.children.filter((r) => r.id !== 'applications.results.total');
    for (const col of columns) {
      const at = (row: string) => value(`${row}/${col}`);
      expect(at('applications.newThisYear') + at('applications.carriedOver')).toBe(at('applications.results.total') + at('applications.carriedForward'));
      const handled = outcomes.flatMap((o) => leaves(o.id)).reduce((sum, row) => sum + at(row), 0);
      expect(handled, col).toBe(at('applications.results.total'));
    }
    for (const row of t2.rows.filter((r) => r.valued && r.printed)) {
      const parts = ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization'];
      expect(parts.reduce((s, c) => s + value(`${row.id}/${c}`), 0), row.label).toBe(value(`${row.id}/total`));
    }
    for (const block of ['review', 'litigation.direct', 'litigation.afterReview']) {
      const at = (c: string) => value(`reviewLitigation.cases/${block}.${c}`);
      expect(at('upheld') + at('corrected') + at('other') + at('pending')).toBe(at('total'));
    }
  });
});
