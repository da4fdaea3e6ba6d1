import fc from 'fast-check';
import { createReport, formats, getCell, indexFormat, setCell } from '../../src/index.js';

/** An official format id. */
export type FormatId = keyof typeof formats;

/** Cells a filled-in report leaves for `complete` to derive: totals that the rules determine. */
export const DETERMINED: Record<FormatId, (ref: string) => boolean> = {
  'gov-2014': (ref) =>
    /^(requests\.(received|closed|replies|replies\.refused)|review|litigation|capacity\.staff)\/value$/.test(ref),
  'gov-2019': (ref) => /^applications\.(newThisYear|results\.total)\/|\/total$|\.total$/.test(ref),
  'gov-2021': (ref) => /^applications\.(newThisYear|results\.total)\/|\/total$|\.total$/.test(ref),
};

/** A report of `id` with random leaves and every determined total left absent. */
export function leaves(id: FormatId, agency = '测试单位') {
  const cells = indexFormat(formats[id]).cells.filter((c) => c.printed && !DETERMINED[id](c.ref));
  return fc.array(fc.nat({ max: 500 }), { minLength: cells.length, maxLength: cells.length }).map((values) => {
    let report = createReport(id, { agency, year: 2022 });
    cells.forEach((cell, i) => {
      const v = values[i]!;
      report = setCell(report, cell.ref, cell.kind === 'money' ? `${v}.${String(v % 100).padStart(2, '0')}` : v);
    });
    if (id === 'gov-2014') {
      // B1: the de-duplicated total lies between the largest channel and the sum; 其中 rows ≤ parent.
      const channels = ['gazette', 'website', 'weibo', 'wechat', 'other'].map((c) => getCell(report, `proactive.channels.${c}`) as number);
      report = setCell(report, 'proactive.published', Math.max(...channels));
      for (const [part, whole] of [
        ['proactive.published.normative', 'proactive.published'],
        ['response.channels.pressConferences.byLeaders', 'response.channels.pressConferences'],
        ['response.channels.interviews.byLeaders', 'response.channels.interviews'],
      ] as const) {
        report = setCell(report, part, Math.min(getCell(report, part) as number, getCell(report, whole) as number));
      }
    } else {
      // A1 solved for 本年新收 must not be negative: carry over at most what is carried forward.
      for (const column of ['naturalPerson', 'commercial', 'research', 'publicInterest', 'legalService', 'otherOrganization']) {
        const forward = getCell(report, `applications.carriedForward/${column}`) as number;
        report = setCell(report, `applications.carriedOver/${column}`, Math.min(forward, getCell(report, `applications.carriedOver/${column}`) as number));
      }
    }
    return report;
  });
}

