import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parseReport, type Report } from '../../src/index.js';
import { wordPage } from './word-page.js';

/**
 * The generated HTML fixtures of tests/fixtures/html: one Word-pasted CMS page per format, from the
 * bundled examples, and the 2014 page again in GB18030 as older sites serve it. Run this file
 * (`npx tsx tests/helpers/html-fixtures.ts`) to write them; tests/import-html.test.ts checks that
 * the committed files are what it writes.
 */
export const fixtureDir = new URL('../fixtures/html/', import.meta.url);

/** An example report of the repository. */
export function example(name: string): Report {
  const parsed = parseReport(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));
  if (!parsed.success) throw new Error(`examples/${name}.json does not parse`);
  return parsed.data;
}

/** Each generated fixture: its file name, the example it shows, and its bytes. */
export function htmlFixtures(): { name: string; example: string; bytes: Buffer }[] {
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  const jiangbei = example('jiangbei-2017');
  const jiangbeiOptions = {
    site: '宁波市江北区人民政府',
    dateIn: 'none' as const,
    titleLines: ['江北区审管办（行政服务中心）', '2017年政府信息公开年度工作报告'],
    seed: 17,
  };
  return [
    {
      name: 'gov-2021.html',
      example: 'qingshan-2022',
      bytes: utf8(wordPage(example('qingshan-2022'), { site: '青山市人民政府', dateIn: 'info', runInSubsections: true, padding: 170_000, seed: 21 })),
    },
    { name: 'gov-2019.html', example: 'qingshan-2020', bytes: utf8(wordPage(example('qingshan-2020'), { site: '青山市人民政府', dateIn: 'meta', seed: 19 })) },
    { name: 'gov-2014.html', example: 'jiangbei-2017', bytes: utf8(wordPage(jiangbei, jiangbeiOptions)) },
    {
      name: 'gov-2014-gb18030.html',
      example: 'jiangbei-2017',
      bytes: iconv.encode(wordPage(jiangbei, { ...jiangbeiOptions, charset: 'gb2312' }), 'gb18030'),
    },
  ];
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const fixture of htmlFixtures()) {
    writeFileSync(new URL(fixture.name, fixtureDir), fixture.bytes);
    console.log(`${fixture.name}: ${(fixture.bytes.length / 1024).toFixed(1)} KB`);
  }
}
