import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = import.meta.dirname;

function typesFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? typesFiles(join(dir, e.name))
      : e.name.endsWith('.types.ts')
        ? [relative(src, join(dir, e.name))]
        : [],
  );
}

// schemas.ts is the one place that builds the browser-safe exports (issue 19 finding 8): the
// console imports `@switchyard/api/schemas` directly, so a router's schemas missing here are
// missing in the forms.
describe('@switchyard/api/schemas', () => {
  it('re-exports every router *.types.ts file, and nothing that could pull server code in', () => {
    const text = readFileSync(join(src, 'schemas.ts'), 'utf8');
    const exported = [...text.matchAll(/^export \* from '\.\/(.+)';$/gm)].map((m) => m[1]!);
    expect([...exported].sort()).toEqual(typesFiles(join(src, 'routers')).sort());
    expect(text).not.toMatch(/^import /m);
  });

  it('pulls in, transitively, only zod, @switchyard/core and files that do the same (no Prisma, no ioredis)', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export) [^;]*? from '([^']+)';$/gms)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) visit(join(dirname(file), spec));
        else expect(`${relative(src, file)}: ${spec}`).toMatch(/: (zod|@switchyard\/core)$/);
      }
    };
    visit(join(src, 'schemas.ts'));
    expect(seen.size).toBeGreaterThan(70);
  });
});
