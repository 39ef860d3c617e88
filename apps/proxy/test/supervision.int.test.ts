/**
 * Issue 14 finding 8 through main.ts: a worker without a usable config says "no config" and
 * is not ready; a node:cluster worker killed with SIGKILL is replaced by the primary and the
 * restart is counted.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { startMain } from './main-process.ts';

let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
}, 60_000);
afterAll(async () => demo?.stop());

/** Like fake-console's until, with room for a worker's cold start (tsx) on a loaded box. */
async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)])
      .toString()
      .trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};

describe('supervision and readiness (main.ts)', () => {
  it('says "no config" instead of ready when the last-known-good is unreadable and there is no console', async () => {
    const lkg = path.join(demo.dir, 'unreadable-lkg.json');
    await writeFile(lkg, 'garbage');
    const [port, metricsPort] = [await freePort(), await freePort()];
    const { child, first, exited } = await startMain({
      PROXY_PORT: String(port),
      METRICS_PORT: String(metricsPort),
      LKG_PATH: lkg,
      SWITCHYARD_WORKER_NAME: 'noconf',
    });
    try {
      expect(first).toMatchObject({ event: 'not_ready', reason: 'no config', port });
      const health = await fetch(`http://127.0.0.1:${metricsPort}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'no config' });
      const client = new Redis({
        port,
        username: 'demo',
        password: SECRET,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      client.on('error', () => undefined);
      await expect(client.ping()).rejects.toThrow(/LOADING SWITCHYARD the proxy has no config yet/);
      client.disconnect();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('the primary replaces a node:cluster worker killed with SIGKILL, with a restart counter', async () => {
    const configFile = path.join(demo.dir, 'supervised.json');
    await writeFile(configFile, JSON.stringify(demo.snapshot));
    const [port, metricsPort] = [await freePort(), await freePort()];
    const { child, first, exited } = await startMain({
      PROXY_PORT: String(port),
      METRICS_PORT: String(metricsPort),
      CONFIG_FILE: configFile,
      PROXY_PROCESSES: '2',
      SWITCHYARD_WORKER_NAME: 'sup',
    });
    const metric = async (name: string): Promise<string | undefined> =>
      new RegExp(`${name}\\{worker="sup"\\} (\\d+)`).exec(
        await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text(),
      )?.[1];
    try {
      expect(first).toMatchObject({ event: 'ready', processes: 2 });
      const workers = childrenOf(child.pid!);
      expect(workers).toHaveLength(2);
      process.kill(workers[0]!, 'SIGKILL');
      await until(() => {
        const now = childrenOf(child.pid!);
        return now.length === 2 && !now.includes(workers[0]!);
      }, 'a replacement worker');
      await until(
        async () =>
          (await metric('switchyard_worker_restarts')) === '1' && (await metric('switchyard_processes')) === '2',
        'restart counted, 2 processes reporting',
      );
      // Every connection is served again (either worker may take it).
      const clients = Array.from(
        { length: 6 },
        () => new Redis({ port, username: 'demo', password: SECRET, retryStrategy: () => null }),
      );
      await Promise.all(clients.map((c, i) => c.set(meetingId(2, 700n + BigInt(i)), 'after-restart')));
      for (const c of clients) c.disconnect();
      expect(await demo.direct('gz-enterprise').get(meetingId(2, 705n))).toBe('after-restart');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
