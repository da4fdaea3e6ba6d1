// The DOCX checked by a real reader: LibreOffice converts what renderDocx writes to PDF, and the PDF's
// text (pdftotext) holds the title, a heading and table cells. Needs LibreOffice and poppler-utils
// (Debian: libreoffice-writer-nogui, fonts-noto-cjk, poppler-utils); skipped, saying so, without them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDocx, renderDocx } from '../src/docx.js';
import { reportTitle } from '../src/render/document.js';
import { loadExample } from './helpers/examples.js';
import { convertToPdf } from './fixtures/docx/generate.js';

const works = (command: string, args: string[]) => {
  const result = spawnSync(command, args, { stdio: 'ignore', timeout: 60_000 });
  return result.error === undefined && result.status === 0;
};
const hasSoffice = works('soffice', ['--version']);
const hasPdftotext = works('pdftotext', ['-v']);

/** The PDF's text without white space (pdftotext breaks lines and spaces CJK from digits). */
function pdfText(pdf: Uint8Array): string {
  const work = mkdtempSync(join(tmpdir(), 'xxgk-pdftotext-'));
  try {
    writeFileSync(join(work, 'a.pdf'), pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', join(work, 'a.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const fixture = (name: string) => new URL(`fixtures/docx/${name}`, import.meta.url);

describe('renderDocx through LibreOffice', () => {
  it.skipIf(!hasSoffice || !hasPdftotext)(
    `LibreOffice converts the 2021 report to PDF with its title, headings and table cells${hasSoffice && hasPdftotext ? '' : ' (skipped: soffice or pdftotext is not installed; Debian: apt-get install libreoffice-writer-nogui fonts-noto-cjk poppler-utils)'}`,
    async () => {
      const report = loadExample('qingshan-2022.json');
      const text = pdfText(convertToPdf(await renderDocx(report)));
      expect(text).toContain(reportTitle(report));
      expect(text).toContain('二、主动公开政府信息情况');
      expect(text).toContain('申请人情况'); // header cells
      expect(text).toContain('法人或其他组织');
      expect(text).toContain('3156.284716'); // money with its printed precision
      expect(text).toContain('第二十条第（一）项');
      expect(text).toContain('2023年1月18日');
    },
    120_000,
  );

  it.skipIf(!hasPdftotext)(
    `the committed PDFs (LibreOffice's rendering of each example) hold the title, the signing organ and every section and subsection title${hasPdftotext ? '' : ' (skipped: pdftotext is not installed; Debian: apt-get install poppler-utils)'}`,
    () => {
      for (const name of ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022']) {
        const report = loadExample(`${name}.json`);
        const text = pdfText(readFileSync(fixture(`${name}.pdf`)));
        expect(text, name).toContain(reportTitle(report));
        expect(text, name).toContain(report.signature!.organ);
        // Every title of a section and subsection.
        for (const section of report.sections) {
          expect(text, name).toContain(section.title);
          for (const sub of section.subsections ?? []) expect(text, name).toContain(sub.title);
        }
      }
    },
  );

  it('the committed DOCX fixtures are what renderDocx writes today (tests/fixtures/docx/generate.ts), and read back to their examples', async () => {
    for (const name of ['jiangbei-2017', 'qingshan-2020', 'qingshan-2022']) {
      expect(existsSync(fixture(`${name}.docx`)), name).toBe(true);
      expect(Buffer.from(await renderDocx(loadExample(`${name}.json`))).equals(readFileSync(fixture(`${name}.docx`))), `${name}.docx is stale: run npx tsx tests/fixtures/docx/generate.ts`).toBe(true);
      const { report, issues } = importDocx(readFileSync(fixture(`${name}.docx`)));
      const expected = loadExample(`${name}.json`);
      expect(issues, name).toEqual([]);
      expect(report!.sections, name).toEqual(expected.sections);
      expect(report!.metadata, name).toEqual(expected.metadata);
    }
  });
});
