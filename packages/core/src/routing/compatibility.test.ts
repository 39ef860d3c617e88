import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCommands } from './commands.ts';
import { GENERATED_BEGIN, GENERATED_END, renderCompatibilityTable } from './compatibility.ts';

const doc = readFileSync(new URL('../../../../docs/COMPATIBILITY.md', import.meta.url), 'utf8');

describe('docs/COMPATIBILITY.md', () => {
  it('carries the command list the table renders today (npm run gen:compatibility)', () => {
    const section = doc.slice(doc.indexOf(GENERATED_BEGIN), doc.indexOf(GENERATED_END) + GENERATED_END.length);
    expect(section).toBe(renderCompatibilityTable());
  });

  it('lists every Redis 7 command with supported, supported when, or refused with a reason', () => {
    for (const c of allCommands()) {
      const name = c.name.toLowerCase();
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${name}\` |`) || l.startsWith(`| \`${name} `));
      expect(row, name).toBeDefined();
      expect(row, name).toMatch(/\| (supported|supported when: .+|supported, .+|refused: .+) \|$/);
    }
  });
});
