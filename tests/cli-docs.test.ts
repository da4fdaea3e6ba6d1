import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rulesPage } from '../scripts/rules-doc.js';
import { COMMANDS } from '../src/cli/help.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

describe('the command and rule documentation', () => {
  it('docs/rules.md is what scripts/rules-doc.ts writes from the formats and the validator (run it after a change)', () => {
    expect(read('docs/rules.md')).toBe(rulesPage());
  });

  it('the API site includes the guides, the command page and the rule catalogue, grouped by layer', () => {
    const config = JSON.parse(read('typedoc.json')) as { projectDocuments: string[]; plugin: string[]; categoryOrder: string[] };
    for (const page of ['docs/README.md', 'docs/guides/*.md', 'docs/cli.md', 'docs/rules.md']) expect(config.projectDocuments).toContain(page);
    expect(config.plugin).toContain('./scripts/typedoc-groups.mjs');
    expect(config.categoryOrder.slice(1, 7)).toEqual(['Model', 'Formats', 'Validate', 'Rollup', 'Render', 'Import']);
  });

  it('docs/cli.md documents every option of every subcommand', () => {
    const page = read('docs/cli.md');
    for (const [name, help] of Object.entries(COMMANDS)) {
      expect(page, name).toContain(`xxgk ${name}`);
      for (const [spelling] of help.options) {
        const option = /--[\w-]+/.exec(spelling)?.[0];
        if (option && option !== '--help') expect(page, `${name} ${option}`).toContain(option);
      }
    }
  });
});
