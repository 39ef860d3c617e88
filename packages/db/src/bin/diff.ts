/**
 * `npm run db:diff -- --name <snake_case_name>`: writes a new migration folder with the SQL
 * that takes the migrations folder to prisma/schema.prisma, or prints "no changes".
 * Needs no database: the migrations are replayed into a throwaway in-memory Postgres.
 * `--print` only prints the SQL.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createMigration, diffSchemaAgainstMigrations } from '../migrate/index.ts';

const ZArgs = z.object({
  name: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/, '--name must be snake_case (a-z, 0-9, _)')
    .optional(),
  print: z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { name: { type: 'string' }, print: { type: 'boolean' } } });
  const args = ZArgs.parse(values);
  if (args.print || !args.name) {
    if (!args.print) console.error('no --name given: printing the SQL only');
    console.log((await diffSchemaAgainstMigrations()) ?? 'no changes');
    return;
  }
  const folder = await createMigration(args.name);
  console.log(folder ? `wrote prisma/migrations/${folder}/migration.sql` : 'no changes');
}

main().catch((err: unknown) => {
  console.error(`db:diff failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
