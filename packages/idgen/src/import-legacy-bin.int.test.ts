import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigSnapshot } from './testing/fixtures.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/import-legacy.ts', import.meta.url));

let redis: RedisProcess;
let client: Redis;
let dir: string;
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis({ host: redis.host, port: redis.port });
  dir = await mkdtemp(path.join(os.tmpdir(), 'sy-import-bin-'));
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('import-legacy bin', () => {
  it('imports a file, prints progress lines and a JSON summary, and resumes as a no-op', async () => {
    const config = path.join(dir, 'snapshot.json');
    await writeFile(config, JSON.stringify(demoConfigSnapshot(() => redis.port)));
    const ids = path.join(dir, 'ids.txt');
    await writeFile(ids, ['1311768467463790320', '42', 'oops', '562949953421311', ''].join('\n'));
    const argv = [
      '--import',
      'tsx',
      BIN,
      '--from-file',
      ids,
      '--state',
      path.join(dir, 'state.json'),
      '--config',
      config,
      '--batch',
      '2',
    ];
    const first = await run(process.execPath, argv);
    expect(first.stderr).toMatch(/legacy import: read 2 imported 2 existing 0 invalid 0 \(offset \d+\)/);
    expect(JSON.parse(first.stdout)).toMatchObject({ completed: true, read: 4, imported: 3, invalid: 1 });
    expect(await client.exists('shadow_{1311768467463790320}', 'shadow_{42}', 'shadow_{562949953421311}')).toBe(3);
    const again = await run(process.execPath, argv);
    expect(JSON.parse(again.stdout)).toMatchObject({ completed: true, read: 4, imported: 3 });
  });

  it('exits 2 with the usage on bad arguments', async () => {
    const error = await run(process.execPath, ['--import', 'tsx', BIN, '--scan-port', 'nope']).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 2 });
    expect(String((error as { stderr: string }).stderr)).toMatch(/IMPORT_ARGS_INVALID[\s\S]*Usage: import-legacy/);
  });
});
