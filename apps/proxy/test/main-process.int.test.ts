import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';

const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');
let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo?.stop());

describe('main.ts (the worker process)', () => {
  it('prints one ready line, serves with 2 processes and a metrics port, and exits 0 on SIGTERM', async () => {
    const configFile = path.join(demo.dir, 'static.json');
    await writeFile(configFile, JSON.stringify(demo.snapshot));
    const [port, metricsPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, PROXY_PORT: String(port), METRICS_PORT: String(metricsPort), CONFIG_FILE: configFile, PROXY_PROCESSES: '2', SWITCHYARD_WORKER_NAME: 'main-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: string[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        stdout.push(line);
        if (line.includes('"event":"ready"')) resolve();
      });
    });
    expect(JSON.parse(stdout[0]!)).toMatchObject({ event: 'ready', port, processes: 2 });
    const client = new Redis({ port, username: 'demo', password: SECRET, retryStrategy: () => null });
    try {
      await client.set(meetingId(2, 1n), 'via-main');
      expect(await demo.direct('gz-enterprise').get(meetingId(2, 1n))).toBe('via-main');
      const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
      expect(health.status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toMatch(/switchyard_config_version\{worker="main-test"\} 1/);
    } finally {
      client.disconnect();
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout.filter((l) => l.includes('ready'))).toHaveLength(1);
  });
});
