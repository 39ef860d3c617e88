/**
 * Runs the embedded Postgres in the foreground for the stack orchestrator:
 *   node --import tsx packages/db/src/bin/embedded-server.ts [--data-dir <dir> | --memory] [--port <n>]
 * Defaults: SWITCHYARD_PGDATA or .switchyard/pgdata, SWITCHYARD_PGPORT or a free port.
 * Prints one JSON line `{"url": "postgresql://…"}` on stdout when it accepts connections;
 * stops cleanly (data flushed) on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startEmbeddedPostgres } from '../embedded/index.ts';
import { readDbEnv } from '../env.ts';
import { DEFAULT_PGDATA } from '../paths.ts';

const ZArgs = z.object({
  'data-dir': z.string().min(1).optional(),
  memory: z.boolean().default(false),
  port: z.coerce.number().int().min(0).max(65535).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, memory: { type: 'boolean' }, port: { type: 'string' } } });
  const args = ZArgs.parse(values);
  const env = readDbEnv();
  const dataDir = args.memory ? undefined : (args['data-dir'] ?? env.SWITCHYARD_PGDATA ?? DEFAULT_PGDATA);
  const server = await startEmbeddedPostgres({ dataDir, port: args.port ?? env.SWITCHYARD_PGPORT ?? 0 });
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`embedded postgres: stop after ${signal} failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.stdout.write(`${JSON.stringify({ url: server.url, dataDir: dataDir ?? null })}\n`);
}

main().catch((err: unknown) => {
  console.error(`embedded postgres failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
