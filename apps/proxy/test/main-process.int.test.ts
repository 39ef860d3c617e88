import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { proxyNodeFlags } from '@switchyard/core';
import { freePort } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeConsole, until } from './fake-console.ts';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { startMain, type MainProcess } from './main-process.ts';

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
    const { child, exited, stdout } = await startMain(
      {
        PROXY_PORT: String(port),
        METRICS_PORT: String(metricsPort),
        CONFIG_FILE: configFile,
        PROXY_PROCESSES: '2',
        SWITCHYARD_WORKER_NAME: 'main-test',
      },
      'ready',
    );
    expect(JSON.parse(stdout[0]!)).toMatchObject({ event: 'ready', port, processes: 2 });
    const client = new Redis({ port, username: 'demo', password: SECRET, retryStrategy: () => null });
    try {
      await client.set(meetingId(2, 1n), 'via-main');
      expect(await demo.direct('gz-enterprise').get(meetingId(2, 1n))).toBe('via-main');
      const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
      expect(health.status).toBe(200);
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/switchyard_config_version\{worker="main-test"\} 1/);
      // The primary sums its workers' counters (sent every second).
      let processes = '';
      for (let i = 0; i < 60 && processes !== '2'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        processes =
          /switchyard_processes\{worker="main-test"\} (\d+)/.exec(
            await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
          )?.[1] ?? '';
      }
      expect(processes).toBe('2');
    } finally {
      client.disconnect();
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout.filter((l) => l.includes('ready'))).toHaveLength(1);
  });

  describe('the young generation (PROXY_YOUNG_GENERATION_MB, issue 20)', () => {
    const young = { PROXY_YOUNG_GENERATION_MB: '32', PROXY_PORT: '0', METRICS_PORT: '0' };
    const logged = async (main: MainProcess, event: string): Promise<Record<string, unknown>> => {
      await until(() => main.stderr.some((l) => l.includes(`"event":"${event}"`)), `${event} logged`);
      return JSON.parse(main.stderr.find((l) => l.includes(`"event":"${event}"`))!) as Record<string, unknown>;
    };
    const started: MainProcess[] = [];
    const stop = async (main: MainProcess): Promise<void> => {
      main.child.kill('SIGTERM');
      expect(await main.exited).toBe(0);
    };
    // A failed assertion must not leave a listening process behind.
    afterEach(() => {
      for (const main of started.splice(0)) if (main.child.exitCode === null) main.child.kill('SIGKILL');
    });
    const start = async (env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<MainProcess> => {
      const main = await startMain({ ...young, CONFIG_FILE: configFile, ...env }, 'ready', nodeArgs);
      started.push(main);
      return main;
    };
    let configFile = '';
    beforeAll(async () => {
      configFile = path.join(demo.dir, 'static-young.json');
      await writeFile(configFile, JSON.stringify(demo.snapshot));
    });

    it('a process started with proxyNodeFlags() serves with that semi-space and warns of nothing', async () => {
      const main = await start({ SWITCHYARD_WORKER_NAME: 'young-flags' }, proxyNodeFlags(young));
      expect(await logged(main, 'listening')).toMatchObject({ youngGenerationMb: 32 });
      await stop(main);
      expect(main.stderr.filter((l) => l.includes('young_generation_not_applied'))).toEqual([]);
    });

    it('a single process started without the flags says what it has and what to pass', async () => {
      const main = await start({ SWITCHYARD_WORKER_NAME: 'young-none' });
      const warning = await logged(main, 'young_generation_not_applied');
      expect(warning).toMatchObject({
        level: 'warn',
        configuredMb: 32,
        flags: '--min-semi-space-size=32 --max-semi-space-size=32',
      });
      expect(warning['actualMb']).toBe(0);
      await stop(main);
    });

    it('the cluster primary gives its workers the semi-space, whatever its own flags', async () => {
      const main = await start({ PROXY_PROCESSES: '2', SWITCHYARD_WORKER_NAME: 'young-cluster' }, [
        '--max-semi-space-size=4',
      ]);
      expect(await logged(main, 'listening')).toMatchObject({ role: 'primary', workerYoungGenerationMb: 32 });
      await stop(main);
      expect(main.stderr.filter((l) => l.includes('young_generation_not_applied'))).toEqual([]);
    });
  });

  it('one process: SIGTERM right after the ready line drains and exits 0, a second one is ignored, one shutdown logged', async () => {
    const configFile = path.join(demo.dir, 'static-single.json');
    await writeFile(configFile, JSON.stringify(demo.snapshot));
    const { child, exited, stderr } = await startMain(
      {
        PROXY_PORT: String(await freePort()),
        METRICS_PORT: '0',
        CONFIG_FILE: configFile,
        PROXY_PROCESSES: '1',
        SWITCHYARD_WORKER_NAME: 'main-single',
      },
      'ready',
    );
    child.kill('SIGTERM');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const shutdowns = stderr.filter((l) => l.includes('"event":"shutdown"')).map((l) => JSON.parse(l) as unknown);
    expect(shutdowns).toEqual([expect.objectContaining({ signal: 'SIGTERM', role: 'primary' })]);
  });

  it('with 2 processes, the primary polls the console once and every worker applies each version', async () => {
    const fake = new FakeConsole();
    const url = await fake.listen();
    fake.publish(demo.published(1, demo.snapshot));
    const port = await freePort();
    const { child, exited } = await startMain(
      {
        PROXY_PORT: String(port),
        CONSOLE_URL: url,
        WORKER_TOKEN: 't',
        LKG_PATH: path.join(demo.dir, 'mp-lkg.json'),
        PROXY_PROCESSES: '2',
        SWITCHYARD_WORKER_NAME: 'mp',
        HEARTBEAT_INTERVAL_MS: '200',
      },
      'ready',
    );
    const clients: Redis[] = [];
    try {
      const next = structuredClone(demo.snapshot);
      next.failover = [{ from: 'gz', to: 'sh' }];
      fake.publish(demo.published(2, next));
      await until(() => fake.heartbeats.some((h) => h.appliedVersion === 2), 'heartbeat of v2');
      // Connections spread over both workers; each must route by version 2 (gz → sh mirror).
      for (let i = 0; i < 6; i++)
        clients.push(new Redis({ port, username: 'demo', password: SECRET, retryStrategy: () => null }));
      await until(async () => {
        await Promise.all(clients.map((c, i) => c.set(meetingId(1, 900n + BigInt(i)), 'v2')));
        return (
          (await demo.direct('others').exists(...clients.map((_, i) => meetingId(1, 900n + BigInt(i))))) ===
          clients.length
        );
      }, 'every worker on v2');
      expect(new Set(fake.heartbeats.map((h) => h.name))).toEqual(new Set(['mp']));
      await until(
        () => fake.heartbeats.some((h) => (h.summary as Record<string, number>).processes === 2),
        'a heartbeat summing 2 processes',
      );
    } finally {
      for (const c of clients) c.disconnect();
      child.kill('SIGTERM');
      await exited;
      await fake.close();
    }
  });
});
