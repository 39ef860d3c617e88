/** The scripts the stack orchestrator and developers run, end to end as child processes. */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_INSTANCES } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv } from '../env.ts';
import { REPO_ROOT } from '../paths.ts';

const bin = (name: string): string[] => ['--import', 'tsx', `packages/db/src/bin/${name}.ts`];

function runBin(
  name: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [...bin(name), ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    input: stdin,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('db bins against the embedded-server bin', () => {
  let server: ChildProcess;
  let url = '';
  beforeAll(async () => {
    server = spawn(process.execPath, [...bin('embedded-server'), '--memory'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout! }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`embedded-server exited with ${code}`)));
    });
    url = (JSON.parse(firstLine) as { url: string }).url;
  });
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('prints a ready line with a postgres URL', () => {
    // The URL carries the password every connection needs (issue 14 #12).
    expect(url).toMatch(/^postgresql:\/\/postgres:[\w-]+@127\.0\.0\.1:\d+\/postgres$/);
  });

  it('migrates (then finds nothing to do) and seeds from stdin', () => {
    const env = { DATABASE_URL: url };
    // Every migration folder, oldest (the initial one) first.
    const folders = readdirSync(path.join(REPO_ROOT, 'prisma/migrations'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(runBin('migrate', [], env).out.trim()).toBe(`applied ${folders.length}: ${folders.join(', ')}`);
    expect(folders[0]).toMatch(/^\d{14}_init$/);
    const input = JSON.stringify({
      topology: {
        host: '127.0.0.1',
        ports: Object.fromEntries(DEMO_INSTANCES.map((inst, i) => [inst.name, 7000 + i])),
      },
      admin: { email: 'admin@switchyard.local', password: 'admin-password' },
      demoCaller: { name: 'demo', secret: 'demo-secret-value' },
      adminToken: 'sy_api_bin_test_token_0123456789',
      workerToken: 'sy_wrk_bin_test_token_0123456789',
    });
    const first = runBin('seed', ['--input', '-'], env, input);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out)).toMatchObject({ configVersion: 1, draftRevision: 1 });
    expect(runBin('migrate', [], env).out.trim()).toBe('database is up to date');
  });

  it('fails clearly without DATABASE_URL or with a bad seed file', () => {
    const noUrl = runBin('migrate', [], { DATABASE_URL: '' });
    expect(noUrl.code).toBe(1);
    expect(noUrl.err).toMatch(/DATABASE_URL/);
    const bad = runBin('seed', ['--input', '-'], { DATABASE_URL: url }, '{"admin": {}}');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/db:seed failed/);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
