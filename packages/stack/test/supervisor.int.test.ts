/** Issue 14 finding 8: the stack restarts a top-level process killed with SIGKILL, and counts it. */
import { mkdtemp, readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort, waitForPort } from '../src/harness/free-port.ts';
import { isAlive, startService, stopService } from '../src/stack/processes.ts';
import type { SupervisorStatus } from '../src/stack/supervisor.ts';

const status = async (file: string): Promise<SupervisorStatus> =>
  JSON.parse(await readFile(file, 'utf8')) as SupervisorStatus;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await read().catch(() => undefined);
    if (v !== undefined && ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('stack supervisor', () => {
  it('restarts a supervised service killed with SIGKILL, counts the restart, and stops with the group', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-supervise-'));
    const port = await freePort();
    const server = `require('node:net').createServer((s) => s.end('up')).listen(${port}, '127.0.0.1')`;
    const entry = await startService({
      name: 'svc',
      kind: 'worker',
      command: process.execPath,
      args: ['-e', server],
      cwd: dir,
      logDir: dir,
      port,
      supervised: true,
    });
    const file = path.join(dir, 'svc.supervisor.json');
    const first = await until(
      () => status(file),
      (s) => s.childPid !== null,
      'first child',
    );
    expect(first).toMatchObject({ service: 'svc', supervisorPid: entry.pid, restarts: 0 });
    process.kill(first.childPid!, 'SIGKILL');
    const second = await until(
      () => status(file),
      (s) => s.restarts === 1 && s.childPid !== null && s.childPid !== first.childPid,
      'restarted child',
    );
    expect(second.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
    await waitForPort(port, '127.0.0.1', 10_000);
    // A connection can meet the restart window (reset by the dying process on a busy box):
    // read the greeting until a connection delivers it, instead of leaving an unhandled error.
    const greeting = await until(
      () =>
        new Promise<string>((resolve, reject) =>
          net
            .connect(port, '127.0.0.1')
            .on('data', (d) => resolve(d.toString()))
            .on('error', reject),
        ),
      (g) => g === 'up',
      'a greeting from the restarted child',
    );
    expect(greeting).toBe('up');
    await stopService(entry.pid, 5000);
    expect(isAlive(entry.pid)).toBe(false);
    expect(isAlive(second.childPid!)).toBe(false);
  });

  it('does not retry a service that fails at startup, so `up` reports it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-supervise-'));
    const port = await freePort();
    await expect(
      startService({
        name: 'broken',
        kind: 'worker',
        command: process.execPath,
        args: ['-e', 'process.exit(3)'],
        cwd: dir,
        logDir: dir,
        port,
        supervised: true,
        readyTimeoutMs: 20_000,
      }),
    ).rejects.toThrow(/broken exited early \(3\)/);
  });
});
