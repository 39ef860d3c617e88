/** redis-cli 7.0, RESP2 and `-3` (RESP3), as a user would run it (output not to a tty). See targets.ts. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDemo, type DemoFixture } from '../fixture.ts';
import { clientCases, keyPrefix, targets, within, type Scenario, type Target } from './targets.ts';

let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo?.stop());

interface Cli {
  /** Output so far. */
  out(): string;
  write(line: string): void;
  /** Ends stdin and resolves with the whole output (stdout + stderr) at exit. */
  end(): Promise<string>;
  kill(): void;
}

function cli(t: Target, resp: 2 | 3, args: string[]): Cli {
  const auth = t.username === undefined ? [] : ['--user', t.username, '--pass', t.password!, '--no-auth-warning'];
  const child = spawn('redis-cli', [
    '-h',
    t.host,
    '-p',
    String(t.port),
    ...auth,
    ...(resp === 3 ? ['-3'] : []),
    ...args,
  ]);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<string>((resolve) => child.on('close', () => resolve(output)));
  return {
    out: () => output,
    write: (line) => child.stdin.write(`${line}\n`),
    end: () => (child.stdin.end(), exited),
    kill: () => child.kill('SIGKILL'),
  };
}

const once = (t: Target, resp: 2 | 3, ...args: string[]): Promise<string> => cli(t, resp, args).end();

async function until(c: Cli, pattern: RegExp, what: string): Promise<void> {
  const wait = async (): Promise<void> => {
    while (!pattern.test(c.out())) await new Promise((r) => setTimeout(r, 20));
  };
  await within(wait(), 5000, `${what}; output so far: ${JSON.stringify(c.out())}`);
}

async function scenario(resp: 2 | 3, t: Target, s: Scenario): Promise<void> {
  const p = keyPrefix(`redis-cli${resp === 3 ? '-3' : ''}`, t);
  switch (s) {
    case 'blocking pop': {
      await once(t, resp, 'DEL', `${p}q`);
      const pop = cli(t, resp, ['BLPOP', `${p}q`, '5']);
      setTimeout(() => void once(t, resp, 'RPUSH', `${p}q`, 'job-1'), 100);
      expect(await pop.end()).toBe(`${p}q\njob-1\n`);
      return;
    }
    case 'pub/sub': {
      const sub = cli(t, resp, ['SUBSCRIBE', `${p}ch`]);
      try {
        await until(sub, new RegExp(`subscribe\\n${p}ch\\n1\\n`), 'subscribed');
        expect(await once(t, resp, 'PUBLISH', `${p}ch`, 'hello')).toBe('1\n');
        await until(sub, new RegExp(`message\\n${p}ch\\nhello\\n`), 'message');
      } finally {
        sub.kill();
      }
      return;
    }
    case 'full SCAN': {
      const keys = Array.from({ length: 25 }, (_, i) => `${p}scan:${i}`);
      expect(await once(t, resp, 'MSET', ...keys.flatMap((k) => [k, 'v']))).toBe('OK\n');
      const listed = (await once(t, resp, '--scan', '--pattern', `${p}scan:*`)).split('\n').filter(Boolean);
      expect([...new Set(listed)].sort()).toEqual([...keys].sort());
      return;
    }
    case 'WATCH transaction': {
      await once(t, resp, 'SET', `${p}w`, '1');
      expect(
        await cli(t, resp, [])
          .end()
          .then(() => once(t, resp, 'GET', `${p}w`)),
      ).toBe('1\n');
      const tx = cli(t, resp, []);
      tx.write(`WATCH ${p}w`);
      await until(tx, /^OK\n$/, 'WATCH');
      await once(t, resp, 'SET', `${p}w`, '10');
      for (const line of ['MULTI', `INCR ${p}w`, 'EXEC']) tx.write(line);
      // EXEC aborted: a nil reply, printed as an empty line.
      expect(await tx.end()).toBe('OK\nOK\nQUEUED\n\n');
      const ok = cli(t, resp, []);
      for (const line of [`WATCH ${p}w`, 'MULTI', `INCR ${p}w`, 'EXEC']) ok.write(line);
      expect(await ok.end()).toBe('OK\nOK\nQUEUED\n11\n');
      return;
    }
    case 'stream consumer group': {
      await once(t, resp, 'DEL', `${p}s`);
      expect(await once(t, resp, 'XGROUP', 'CREATE', `${p}s`, 'g', '$', 'MKSTREAM')).toBe('OK\n');
      const id = (await once(t, resp, 'XADD', `${p}s`, '*', 'f', 'v')).trim();
      expect(id).toMatch(/^\d+-\d+$/);
      expect(await once(t, resp, 'XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '10', 'STREAMS', `${p}s`, '>')).toBe(
        // RESP3 answers a map (stream name → entries), which redis-cli prints as "key value" lines.
        resp === 3 ? `${p}s ${id}\nf\nv\n` : `${p}s\n${id}\nf\nv\n`,
      );
      expect(await once(t, resp, 'XACK', `${p}s`, 'g', id)).toBe('1\n');
      expect((await once(t, resp, 'XPENDING', `${p}s`, 'g')).split('\n')[0]).toBe('0');
      return;
    }
    case 'pipeline': {
      await once(t, resp, 'DEL', `${p}n`);
      const pipe = cli(t, resp, ['--pipe']);
      const frame = (...a: string[]): string =>
        `*${a.length}\r\n${a.map((x) => `$${Buffer.byteLength(x)}\r\n${x}\r\n`).join('')}`;
      const input = Array.from({ length: 50 }, () => frame('INCR', `${p}n`)).join('');
      pipe.write(input.slice(0, -1)); // write() appends the last "\n"
      expect(await pipe.end()).toMatch(/errors: 0, replies: 50/);
      expect(await once(t, resp, 'GET', `${p}n`)).toBe('50\n');
      return;
    }
  }
}

describe('redis-cli (RESP2)', () => {
  clientCases(
    'redis-cli',
    () => targets(demo),
    (t, s) => scenario(2, t, s),
  );
});
describe('redis-cli -3 (RESP3)', () => {
  clientCases(
    'redis-cli-3',
    () => targets(demo),
    (t, s) => scenario(3, t, s),
  );
});
