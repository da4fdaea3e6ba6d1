// The geometry of the PDF reader on drawn pages made here: rules and text runs placed by hand.
import { describe, expect, it } from 'vitest';
import type { Rule, TextRun } from '../src/import/pdf/geometry.js';
import { lineText, tidy } from '../src/import/pdf/geometry.js';
import { gridOf, joinParts, ruledTables, type RuledTable } from '../src/import/pdf/tables.js';

const SIZE = 10;
/** A run whose glyphs' middle is at (x, y): one em a character wide. */
const run = (text: string, x: number, y: number): TextRun => ({ text, x0: x, x1: x + text.length * SIZE, y: y + SIZE * 0.35, size: SIZE, font: 'f' });
const h = (y: number, a: number, b: number): Rule => ({ horizontal: true, at: y, a, b });
const v = (x: number, a: number, b: number): Rule => ({ horizontal: false, at: x, a, b });

/** A ruled table: column lines xs, row lines ys, every box drawn except where `open` says (`r,c>` no rule right of box r,c; `r,cv` none below). */
function drawn(xs: number[], ys: number[], open: string[] = []): Rule[] {
  const rules: Rule[] = [];
  for (let r = 0; r < ys.length - 1; r++) {
    for (let c = 0; c < xs.length - 1; c++) {
      if (c === 0) rules.push(v(xs[0]!, ys[r]!, ys[r + 1]!));
      if (!open.includes(`${r},${c}>`)) rules.push(v(xs[c + 1]!, ys[r]!, ys[r + 1]!));
      if (r === 0) rules.push(h(ys[0]!, xs[c]!, xs[c + 1]!));
      if (!open.includes(`${r},${c}v`)) rules.push(h(ys[r + 1]!, xs[c]!, xs[c + 1]!));
    }
  }
  return rules;
}
const texts = (t: RuledTable) => t.cells.map((c) => [c.row, c.column, c.rowSpan, c.colSpan, c.text]);

describe('ruled tables', () => {
  it('finds the cells of a drawn table, a box with no rule beside it merged into a span', () => {
    const rules = drawn([0, 100, 150, 200], [0, 20, 40, 60], ['0,1>', '1,0v']);
    const runs = [run('申请人情况', 110, 10), run('组别', 10, 40), run('甲', 110, 30), run('乙', 160, 30), run('1', 110, 50), run('2', 160, 50)];
    const [table] = ruledTables(rules, runs);
    expect(texts(table!)).toEqual([
      [0, 0, 1, 1, ''],
      [0, 1, 1, 2, '申请人情况'],
      [1, 0, 2, 1, '组别'],
      [1, 1, 1, 1, '甲'],
      [1, 2, 1, 1, '乙'],
      [2, 1, 1, 1, '1'],
      [2, 2, 1, 1, '2'],
    ]);
    const grid = gridOf(table!.cells, 3, 3);
    expect(grid.rows[2]![0]!.text).toBe('组别');
  });

  it('joins a label wrapped over lines, and one printed a character a line, without spaces', () => {
    const rules = drawn([0, 30, 200], [0, 120]);
    const runs = [...'三本年度'.split('').map((ch, i) => run(ch, 10, 10 + i * 12)), run('（二）部分公开（区分', 40, 20), run('处理的）', 40, 32)];
    const [table] = ruledTables(rules, runs);
    expect(table!.cells.map((c) => c.text)).toEqual(['三本年度', '（二）部分公开（区分处理的）']);
  });

  it('is no table: a single frame around text, or rules that do not cross', () => {
    expect(ruledTables(drawn([0, 200], [0, 40]), [run('附件', 10, 20)])).toEqual([]);
    expect(ruledTables([h(10, 0, 100), h(30, 0, 100)], [])).toEqual([]);
  });
});

describe('a table continued on the next page', () => {
  const part = (rules: Rule[], runs: TextRun[]) => ruledTables(rules, runs)[0]!;
  const xs = [0, 40, 100, 150];

  it('leaves out the repeated header, continues a group label, keeps rows of numbers apart', () => {
    const one = part(drawn(xs, [0, 20, 40, 60], ['1,0v']), [run('类', 10, 10), run('甲', 110, 10), run('乙', 160, 10), run('三', 10, 50), run('1.子项', 50, 30), run('1', 110, 30), run('2', 160, 30), run('2.子项', 50, 50), run('3', 110, 50), run('4', 160, 50)]);
    const two = part(drawn(xs, [0, 20, 40, 60], ['1,0v']), [run('类', 10, 10), run('甲', 110, 10), run('乙', 160, 10), run('3.子项', 50, 30), run('5', 110, 30), run('6', 160, 30), run('4.子项', 50, 50), run('7', 110, 50), run('8', 160, 50)]);
    const { cells, height } = joinParts([one, two]);
    expect(height).toBe(5);
    expect(cells.filter((c) => c.text === '类')).toHaveLength(1);
    const group = cells.find((c) => c.column === 0 && c.row === 1)!;
    expect(group).toMatchObject({ text: '三', rowSpan: 4 });
    expect(cells.filter((c) => c.column === 2).map((c) => c.text)).toEqual(['甲', '1', '3', '5', '7']);
  });

  it('makes a row cut by the break one row again, and keeps sibling labels apart', () => {
    const wide = [0, 100, 150, 200];
    const one = part(drawn(wide, [0, 20, 40]), [run('第二十条', 0, 10), run('1', 110, 10), run('2', 160, 10), run('（二）部分公', 0, 30), run('3', 110, 30), run('4', 160, 30)]);
    const two = part(drawn(wide, [0, 20, 40]), [run('开', 0, 10), run('规章', 0, 30), run('5', 110, 30)]);
    const cut = joinParts([one, two]);
    expect(cut.height).toBe(3);
    expect(cut.cells.filter((c) => c.column === 0).map((c) => c.text)).toEqual(['第二十条', '（二）部分公开', '规章']);
    expect(cut.cells.filter((c) => c.column === 1).map((c) => c.text)).toEqual(['1', '3', '5']);

    // Group labels meeting at the break: the same start makes them two labels, not one cut in two.
    const narrow = [0, 100, 150];
    const a = part(drawn(narrow, [0, 20, 40], ['0,0v']), [run('第二十条第（六）项', 0, 20), run('1', 110, 10), run('2', 110, 30)]);
    const b = part(drawn(narrow, [0, 20, 40], ['0,0v']), [run('第二十条第（八）项', 0, 20), run('3', 110, 10), run('4', 110, 30)]);
    const groups = joinParts([a, b]).cells.filter((c) => c.column === 0);
    expect(groups.map((c) => [c.text, c.rowSpan])).toEqual([['第二十条第（六）项', 2], ['第二十条第（八）项', 2]]);
  });
});

describe('text of a line', () => {
  it('keeps a space between Latin words set apart, none next to CJK', () => {
    expect(lineText([run('2024', 0, 0), run('年', 45, 0)])).toBe('2024年');
    expect(lineText([run('Annual', 0, 0), run('report', 65, 0)])).toBe('Annual report');
    expect(tidy(' 第二十条 第（一）项 ')).toBe('第二十条第（一）项');
  });
});
