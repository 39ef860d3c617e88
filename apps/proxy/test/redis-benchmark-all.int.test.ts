/**
 * Issue 13 acceptance "redis-benchmark -t all -r 100000 through the proxy completes every test
 * with 0 errors": the real redis-benchmark 7 (every test) against a worker, bounded (-n 20000 per test), with
 * the demo caller; its keys (key:, counter:, mylist, myset, myzset, myhash, element:) are the
 * demo's `bench` key type. Every test must report a rate, and no error reply may come back.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, startDemo, type DemoFixture } from './fixture.ts';

const run = promisify(execFile);

/**
 * Every test redis-benchmark 7.0.15 has (its --csv names). Its `-t` takes test names only, so
 * `-t all` literally selects none and exits at once; "all" is the default without `-t`.
 */
const ALL = [
  'PING_INLINE',
  'PING_MBULK',
  'SET',
  'GET',
  'INCR',
  'LPUSH',
  'RPUSH',
  'LPOP',
  'RPOP',
  'SADD',
  'HSET',
  'SPOP',
  'ZADD',
  'ZPOPMIN',
  'LPUSH (needed to benchmark LRANGE)',
  'LRANGE_100 (first 100 elements)',
  'LRANGE_300 (first 300 elements)',
  'LRANGE_500 (first 500 elements)',
  'LRANGE_600 (first 600 elements)',
  'MSET (10 keys)',
];

describe('redis-benchmark -t all through a worker (issue 13)', () => {
  let demo: DemoFixture;
  beforeAll(async () => {
    demo = await startDemo();
  }, 60_000);
  afterAll(() => demo?.stop());

  it('completes every test with 0 errors', async () => {
    const args = [
      '-h',
      '127.0.0.1',
      '-p',
      String(demo.proxy.port),
      '--user',
      'demo',
      '-a',
      SECRET,
      '-r',
      '100000',
      '-n',
      '20000',
      '-c',
      '20',
      '--csv',
    ];
    const { stdout, stderr } = await run('redis-benchmark', args, { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
    // An error reply makes redis-benchmark print "Error from server: ..." on stderr and exit 1 (execFile rejects).
    expect(stderr.split('\n').filter((l) => /error/i.test(l) && !/Using a password/i.test(l))).toEqual([]);
    const rows = new Map(
      stdout
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => {
          const cells = l.split('","').map((c) => c.replace(/"/g, ''));
          return [cells[0]!, Number(cells[1])] as const;
        }),
    );
    expect([...rows.keys()].sort()).toEqual([...ALL].sort());
    for (const [test, rps] of rows) expect(rps, test).toBeGreaterThan(0);
  }, 300_000);
});
