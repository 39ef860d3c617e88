import { readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../harness/redis.ts';
import { captureCommands, renderModule } from './capture.ts';

const GENERATED = new URL('../../../core/src/routing/redis-commands.generated.ts', import.meta.url);

let server: RedisProcess;
let client: Redis;
beforeAll(async () => {
  server = await startRedis();
  client = new Redis({ port: server.port, host: '127.0.0.1' });
});
afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

describe("the committed command table is Redis's own", () => {
  it('matches a live redis-server 7.0.15 byte for byte (regenerate with npm run gen:redis-commands)', async () => {
    const captured = await captureCommands(client);
    expect(captured.version).toBe('7.0.15');
    expect(captured.commands.length).toBe(Number(await client.call('COMMAND', 'COUNT')));
    expect(renderModule(captured)).toBe(await readFile(GENERATED, 'utf8'));
  });
});
