import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { activate } from '../src/config-poller/active-config.ts';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { exchange } from './raw-exchange.ts';

const run = promisify(execFile);
let demo: DemoFixture;

beforeAll(async () => {
  demo = await startDemo();
  // A restricted caller: GET/SET only, and only meeting_info keys.
  const next = structuredClone(demo.snapshot);
  next.callers.push({
    name: 'reader',
    secretHash: await hashSecret('r-secret'),
    commands: ['GET', 'SET'],
    keyTypes: ['meeting_info'],
  });
  demo.proxy.holder.swap(activate(demo.published(2, next)));
});
afterAll(async () => demo?.stop());

const rawExchange = (port: number, payload: Buffer | string, quietMs = 300) => exchange(port, payload, quietMs);

const authed = (...cmds: string[][]): Buffer =>
  Buffer.concat([command(['AUTH', 'demo', SECRET]), ...cmds.map((c) => command(c))]);

describe('callers', () => {
  it('answers NOAUTH before AUTH and WRONGPASS for a bad secret', async () => {
    const { text } = await rawExchange(
      demo.proxy.port,
      Buffer.concat([command(['GET', meetingId(1)]), command(['AUTH', 'demo', 'wrong'])]),
    );
    expect(text).toBe(
      '-NOAUTH Authentication required.\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n',
    );
    await expect(demo.client({ password: 'nope' }).ping()).rejects.toThrow(/WRONGPASS/);
  });

  it('queues pipelined commands behind a pending AUTH', async () => {
    const { text } = await rawExchange(demo.proxy.port, authed(['PING'], ['ECHO', 'hi']));
    expect(text).toBe('+OK\r\n+PONG\r\n$2\r\nhi\r\n');
  });

  it('refuses commands and key types outside the allow-lists with NOPERM', async () => {
    const reader = demo.client({ username: 'reader', password: 'r-secret' });
    await reader.set(meetingId(1, 5n), 'ok');
    expect(await reader.get(meetingId(1, 5n))).toBe('ok');
    await expect(reader.del(meetingId(1, 5n))).rejects.toThrow(/^NOPERM .*'del'/);
    await expect(reader.get(`stable_${meetingId(1)}`)).rejects.toThrow(/^NOPERM .*'stable'/);
  });

  it('refuses dangerous commands for everyone', async () => {
    const client = demo.client();
    for (const cmd of [
      ['FLUSHALL'],
      ['FLUSHDB'],
      ['KEYS', '*'],
      ['CONFIG', 'GET', 'save'],
      ['DEBUG', 'SLEEP', '0'],
      ['SHUTDOWN'],
      ['MONITOR'],
      ['SCRIPT', 'FLUSH'],
      ['REPLICAOF', 'NO', 'ONE'],
      ['CLUSTER', 'INFO'],
      ['BGSAVE'],
      ['MIGRATE', 'h', '1', 'k', '0', '1'],
    ]) {
      await expect(client.call(cmd[0]!, ...cmd.slice(1))).rejects.toThrow(/disabled by the proxy/);
    }
    expect(await demo.direct('gz-personal').ping()).toBe('PONG');
  });
});

describe('connection commands', () => {
  // Issue 13: HELLO 3 is supported now (redis-resp3.int.test.ts); before AUTH it is Redis's NOAUTH, and HELLO 4 is NOPROTO.
  it('speaks HELLO 2, and answers HELLO 3 before AUTH and HELLO 4 as Redis does', async () => {
    const { text } = await rawExchange(
      demo.proxy.port,
      Buffer.concat([
        command(['HELLO', '3']),
        command(['HELLO', '4']),
        command(['HELLO', '2', 'AUTH', 'demo', SECRET, 'SETNAME', 'x']),
      ]),
    );
    expect(text.startsWith('-NOAUTH HELLO must be called with the client already authenticated')).toBe(true);
    expect(text).toContain('\r\n-NOPROTO unsupported protocol version\r\n');
    expect(text).toContain('*16\r\n$6\r\nserver\r\n$5\r\nredis\r\n');
    expect(text).toContain('$5\r\nproto\r\n:2\r\n');
  });

  it('answers PING, ECHO, SELECT, CLIENT, INFO and COMMAND itself', async () => {
    const client = demo.client();
    expect(await client.ping()).toBe('PONG');
    expect(await client.echo('x y')).toBe('x y');
    expect(await client.select(0)).toBe('OK');
    await expect(client.select(1)).rejects.toThrow(/only database 0/);
    expect(await client.client('SETNAME', 'svc-a')).toBe('OK');
    expect(await client.client('GETNAME')).toBe('svc-a');
    const info = await client.info();
    // Issue 13: the proxy's own section is `# Switchyard`, after Redis's default sections.
    expect(info).toMatch(/# Switchyard\r\n/);
    expect(info).toMatch(/# Server\r\nredis_version:7\.0\.15\r\n/);
    expect(info).toMatch(/config_version:2\r\n/);
    expect(info).toMatch(/worker_name:proxy-1\r\n/);
    expect(Number(/commands_processed:(\d+)/.exec(info)![1])).toBeGreaterThan(0);
    expect(await client.call('COMMAND', 'COUNT')).toBeGreaterThan(50);
    // Issue 13: answered from the command table (it used to be an empty array).
    expect(await client.call('COMMAND', 'DOCS', 'get')).toEqual([
      'get',
      expect.arrayContaining(['summary', 'Get the value of a key']),
    ]);
  });

  it('accepts inline commands (as telnet and redis-cli send them)', async () => {
    const { text } = await rawExchange(
      demo.proxy.port,
      `AUTH demo ${SECRET}\r\nSET ${meetingId(2, 9n)} "a b"\r\nGET ${meetingId(2, 9n)}\nQUIT\r\n`,
    );
    expect(text).toBe('+OK\r\n+OK\r\n$3\r\na b\r\n+OK\r\n');
  });

  it('works with redis-cli, including --pipe', async () => {
    const base = ['-p', String(demo.proxy.port), '--user', 'demo', '--pass', SECRET, '--no-auth-warning'];
    const { stdout } = await run('redis-cli', [...base, 'SET', meetingId(5, 77n), 'from-cli']);
    expect(stdout.trim()).toBe('OK');
    const lines = Array.from({ length: 500 }, (_, i) => command(['SET', meetingId(6, BigInt(i)), `p${i}`]));
    const child = spawn('redis-cli', [...base, '--pipe']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(Buffer.concat(lines));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(out).toMatch(/errors: 0, replies: 500/);
    expect(await demo.direct('sh-enterprise').get(meetingId(6, 499n))).toBe('p499');
  });

  it('serves an ioredis client with a reconnect and pipelining', async () => {
    const client = new Redis({ port: demo.proxy.port, username: 'demo', password: SECRET });
    try {
      const results = await client.pipeline().set(meetingId(1, 1n), 'a').get(meetingId(1, 1n)).exec();
      expect(results).toEqual([
        [null, 'OK'],
        [null, 'a'],
      ]);
      client.disconnect(true);
      expect(await client.get(meetingId(1, 1n))).toBe('a');
    } finally {
      client.disconnect();
    }
  });
});

describe('hostile input', () => {
  it('closes the connection past each limit and keeps serving others', async () => {
    for (const payload of [
      '*2\r\n$3\r\nGET\r\n$999999999999\r\n',
      '*99999999\r\n',
      'x'.repeat(70 * 1024),
      '*1\r\n:12\r\n',
      '*1\r\n$3\r\nGETxx',
    ]) {
      const { text, closed } = await rawExchange(demo.proxy.port, payload, 2000);
      expect(text).toMatch(/^-ERR Protocol error: /);
      expect(closed).toBe(true);
    }
    expect(await demo.client().ping()).toBe('PONG');
    expect(demo.proxy.ctx.stats.protocolErrors).toBeGreaterThanOrEqual(5);
  });
});

describe('transactions with WATCH', () => {
  it('pins WATCH to a connection of the keys instance, so a concurrent write aborts EXEC', async () => {
    const a = demo.client();
    const key = meetingId(5, 600n);
    await a.set(key, '1');
    expect(await a.watch(key)).toBe('OK');
    await demo.direct('sh-personal').set(key, 'changed');
    expect(await a.multi().set(key, 'mine').exec()).toBeNull();
    expect(await a.get(key)).toBe('changed');
    expect(await a.watch(key)).toBe('OK');
    expect(await a.multi().set(key, 'mine').exec()).toEqual([[null, 'OK']]);
    expect(await a.get(key)).toBe('mine');
  });

  it('aborts EXEC after a refused queued command, and refuses EXEC without MULTI', async () => {
    const a = demo.client();
    const { text } = await rawExchange(
      demo.proxy.port,
      authed(['MULTI'], ['SET', meetingId(1, 1n), 'x'], ['FLUSHALL'], ['EXEC'], ['EXEC']),
    );
    expect(text).toBe(
      "+OK\r\n+OK\r\n+QUEUED\r\n-ERR SWITCHYARD command 'flushall' is disabled by the proxy\r\n-EXECABORT Transaction discarded because of previous errors.\r\n-ERR EXEC without MULTI\r\n",
    );
    expect(await a.ping()).toBe('PONG');
  });
});

describe('large values and backpressure', () => {
  it('round-trips a 4 MB value', async () => {
    const value = Buffer.alloc(4 * 1024 * 1024, 'z');
    const client = demo.client();
    await client.set(meetingId(2, 4n), value);
    expect((await client.getBuffer(meetingId(2, 4n)))!.equals(value)).toBe(true);
  });

  it('relays a 100,000-element reply', async () => {
    const key = `m2u_{${meetingId(2, 5n)}}`;
    const direct = demo.direct('gz-enterprise');
    const members = Array.from({ length: 100_000 }, (_, i) => [i, `u${i}`] as const);
    for (let i = 0; i < members.length; i += 10_000) await direct.zadd(key, ...members.slice(i, i + 10_000).flat());
    const got = await demo.client().zrange(key, 0, -1);
    expect(got).toHaveLength(100_000);
    expect(got[99_999]).toBe('u99999');
  });

  it('stops reading a client that does not read its replies, then catches up', async () => {
    const key = meetingId(1, 9n);
    await demo.client().set(key, Buffer.alloc(4096, 'v'));
    const socket = net.connect({ port: demo.proxy.port, host: '127.0.0.1' });
    await new Promise((r) => socket.once('connect', r));
    socket.pause();
    // 20,000 replies of 4 KiB: ~80 MB, far more than socket buffers hold.
    const n = 20_000;
    const get = command(['GET', key]);
    socket.write(command(['AUTH', 'demo', SECRET]));
    socket.write(Buffer.concat(Array.from({ length: n }, () => get)));
    await new Promise((r) => setTimeout(r, 1000));
    const session = [...demo.proxy.server.sessions].find((s) => s.socket.remotePort === socket.localPort)!;
    expect(session.socket.isPaused()).toBe(true);
    // What the proxy holds for this client stays bounded (replies in flight + send buffer).
    expect(session.outstanding).toBeLessThanOrEqual(demo.proxy.ctx.settings.maxPendingPerClient + 1);
    expect(session.socket.writableLength).toBeLessThan(40 * 1024 * 1024);
    let received = 0;
    const marker = Buffer.from('$4096\r\n');
    let carry = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      const buf = Buffer.concat([carry, d]);
      let at = 0;
      for (let i = buf.indexOf(marker, at); i >= 0; i = buf.indexOf(marker, at)) {
        received++;
        at = i + marker.length;
      }
      carry = buf.subarray(Math.max(at, buf.length - marker.length));
    });
    socket.resume();
    for (let i = 0; i < 600 && received < n; i++) await new Promise((r) => setTimeout(r, 25));
    socket.destroy();
    expect(received).toBe(n);
  });
});

describe('configured limits', () => {
  it('closes a slow drip and a bulk over the configured limit', async () => {
    const { startProxy } = await import('../src/worker.ts');
    const { silentLogger } = await import('../src/telemetry/log.ts');
    const { writeFile } = await import('node:fs/promises');
    const file = `${demo.dir}/limits.json`;
    await writeFile(file, JSON.stringify(demo.snapshot));
    const strict = await startProxy({
      PROXY_PORT: 0,
      CONFIG_FILE: file,
      PROXY_REQUEST_TIMEOUT_MS: 200,
      PROXY_MAX_BULK_BYTES: 1024,
      logger: silentLogger,
    });
    try {
      const drip = await rawExchange(strict.port, '*2\r\n$3\r\nGET\r\n$10\r\nabc', 3000);
      expect(drip).toEqual({ text: '-ERR Protocol error: request not completed in time\r\n', closed: true });
      const big = await rawExchange(strict.port, authed(['SET', meetingId(1), 'x'.repeat(1025)]), 2000);
      expect(big).toEqual({ text: '+OK\r\n-ERR Protocol error: invalid bulk length\r\n', closed: true });
    } finally {
      await strict.close();
    }
  });
});

describe('failed AUTH limit', () => {
  let limited: DemoFixture;
  beforeAll(async () => {
    limited = await startDemo({ proxy: { PROXY_AUTH_MAX_FAILURES: 3, PROXY_AUTH_FAILURE_WINDOW_MS: 60_000 } });
  });
  afterAll(async () => limited?.stop());

  it('refuses AUTH without verifying once an address failed too often, and keeps serving authenticated clients', async () => {
    const served = limited.client();
    await served.set(meetingId(1, 77n), 'before');
    const wrong = Array.from({ length: 5 }, (_, i) => command(['AUTH', 'demo', `guess-${i}`]));
    const { text } = await rawExchange(limited.proxy.port, Buffer.concat(wrong));
    const replies = text.split('\r\n').filter(Boolean);
    expect(replies.slice(0, 3)).toEqual(
      Array(3).fill('-WRONGPASS invalid username-password pair or user is disabled.'),
    );
    expect(replies.slice(3)).toEqual(
      Array(2).fill('-ERR SWITCHYARD too many failed AUTH attempts from this address; retry later'),
    );
    // The pool's secret was verified before: a reconnecting service is not locked out.
    expect(await limited.client().get(meetingId(1, 77n))).toBe('before');
    expect(await served.get(meetingId(1, 77n))).toBe('before');
    const info = await served.info('proxy');
    expect(info).toMatch(/auth_failures:5\r\n/);
    expect(info).toMatch(/auth_limited:2\r\n/);
  });
});
