/**
 * `npm run db:seed -- --input <file.json | ->`: seeds DATABASE_URL with the demo users,
 * tokens and config (see ZSeedDemoInput in src/seed/seed-input.ts for the JSON shape;
 * `-` reads it from stdin). Prints `{"changes": [...], "configVersion": n, "draftRevision": n}`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDb } from '../client.ts';
import { requireDatabaseUrl } from '../env.ts';
import { seedDemo, ZSeedDemoInput } from '../seed/index.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { input: { type: 'string' } } });
  if (!values.input) throw new Error('usage: npm run db:seed -- --input <file.json | ->');
  const text = readFileSync(values.input === '-' ? 0 : values.input, 'utf8');
  const input = ZSeedDemoInput.parse(JSON.parse(text));
  const db = createDb(requireDatabaseUrl(), { max: 2 });
  try {
    console.log(JSON.stringify(await seedDemo(db, input)));
  } finally {
    await db.$disconnect();
  }
}

main().catch((err: unknown) => {
  console.error(`db:seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
