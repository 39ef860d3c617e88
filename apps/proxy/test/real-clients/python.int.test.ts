/** Debian's python3-redis with its defaults (RESP2: Debian ships redis-py 4, before RESP3). See targets.ts. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDemo, type DemoFixture } from '../fixture.ts';
import { clientCases, keyPrefix, targets, type Scenario, type Target } from './targets.ts';

const run = promisify(execFile);
const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python-client.py');
let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo?.stop());

async function scenario(t: Target, s: Scenario): Promise<void> {
  const args = [script, t.host, String(t.port), t.username ?? '-', t.password ?? '-', keyPrefix('python3-redis', t), s];
  // Debian's interpreter, where python3-redis is installed (a pyenv python3 may come first on PATH).
  const { stdout } = await run('/usr/bin/python3', args, { timeout: 9000 });
  expect(stdout.trim()).toBe('OK');
}

describe('python3-redis (RESP2)', () => {
  clientCases('python3-redis', () => targets(demo), scenario);
});
