/**
 * Runs the embedded Postgres in the foreground for the stack orchestrator:
 *   node --import tsx packages/db/src/bin/embedded-server.ts [--data-dir <dir> | --memory] [--port <n>]
 *     [--password-file <file>]
 * Defaults: SWITCHYARD_PGDATA or .switchyard/pgdata, SWITCHYARD_PGPORT or a free port.
 * Clients must send the password in `--password-file` (created 0600 with a random one when
 * absent); without that flag a random password is made up for this run.
 * Prints one JSON line on stdout when it accepts connections: `{"url": "postgresql://…"}`
 * with the password in it only when there is no password file (stdout may be a log file);
 * stops cleanly (data flushed) on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadOrCreatePasswordFile, startEmbeddedPostgres } from '../embedded/index.ts';
import { readDbEnv } from '../env.ts';
import { DEFAULT_PGDATA } from '../paths.ts';

const ZArgs = z.object({
  'data-dir': z.string().min(1).optional(),
  memory: z.boolean().default(false),
  port: z.coerce.number().int().min(0).max(65535).optional(),
  'password-file': z.string().min(1).optional(),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      memory: { type: 'boolean' },
      port: { type: 'string' },
      'password-file': { type: 'string' },
    },
  });
  const args = ZArgs.parse(values);
  // This process only serves the database: whatever it creates is for its owner alone.
  process.umask(0o077);
  const env = readDbEnv();
  const dataDir = args.memory ? undefined : (args['data-dir'] ?? env.SWITCHYARD_PGDATA ?? DEFAULT_PGDATA);
  const passwordFile = args['password-file'];
  const password = passwordFile ? loadOrCreatePasswordFile(passwordFile) : undefined;
  const server = await startEmbeddedPostgres({ dataDir, port: args.port ?? env.SWITCHYARD_PGPORT ?? 0, password });
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
  const printed = new URL(server.url);
  if (passwordFile) printed.password = '';
  process.stdout.write(
    `${JSON.stringify({ url: printed.toString(), dataDir: dataDir ?? null, passwordFile: passwordFile ?? null })}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(`embedded postgres failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
