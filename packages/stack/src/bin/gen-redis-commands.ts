/**
 * Regenerates packages/core/src/routing/redis-commands.generated.ts from a local
 * redis-server (the one on PATH; Switchyard targets 7.0.15). Started on a free port and stopped.
 */
import { writeFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { startRedis } from '../harness/redis.ts';
import { captureCommands, renderModule } from '../redis-spec/capture.ts';

const GENERATED_PATH = new URL('../../../core/src/routing/redis-commands.generated.ts', import.meta.url);

const server = await startRedis();
const client = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true });
try {
  await client.connect();
  const captured = await captureCommands(client);
  await writeFile(GENERATED_PATH, renderModule(captured));
  console.log(`wrote ${captured.commands.length} commands from redis ${captured.version}`);
} finally {
  client.disconnect();
  await server.stop();
}
