/**
 * Issue 13 §6: HELLO 3 switches a session to RESP3. Replies come from backend connections
 * that speak RESP3 (the same bytes as Redis sends a RESP3 client directly); the proxy's own
 * replies, errors and cached replies follow the session's protocol.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { exchange } from './raw-exchange.ts';

const run = promisify(execFile);
let demo: DemoFixture;

beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => demo?.stop());

const req = (...cmds: string[][]): Buffer => Buffer.concat(cmds.map((c) => command(c)));

describe('HELLO 3', () => {
  it('authenticates, names the session and answers a RESP3 map', async () => {
    const { text } = await exchange(
      demo.proxy.port,
      req(['HELLO', '3', 'AUTH', 'demo', SECRET, 'SETNAME', 'svc3'], ['CLIENT', 'GETNAME'], ['CLIENT', 'ID']),
    );
    expect(
      text.startsWith(
        '%8\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:',
      ),
    ).toBe(true);
    expect(text).toContain('$4\r\nsvc3\r\n:');
  });

  it('keeps protocol and name when AUTH fails, and refuses a bad name after a good AUTH', async () => {
    const { text } = await exchange(
      demo.proxy.port,
      req(
        ['HELLO', '3', 'AUTH', 'demo', 'wrong', 'SETNAME', 'n'],
        ['HELLO', '3', 'AUTH', 'demo', SECRET, 'SETNAME', 'a b'],
        ['CLIENT', 'GETNAME'],
        ['HELLO'],
      ),
    );
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('-WRONGPASS invalid username-password pair or user is disabled.');
    expect(lines[1]).toBe('-ERR Client names cannot contain spaces, newlines or special characters.');
    // Authenticated by then (as in Redis), still RESP2: nil is $-1 and HELLO's map is a flat array.
    expect(lines[2]).toBe('$-1');
    expect(lines[3]).toBe('*16');
  });

  it('HELLO 2 and RESET switch back to RESP2', async () => {
    const { text } = await exchange(
      demo.proxy.port,
      req(
        ['HELLO', '3', 'AUTH', 'demo', SECRET],
        ['GET', 'key:none'],
        ['HELLO', '2'],
        ['GET', 'key:none'],
        ['HELLO', '3'],
        ['RESET'],
        ['AUTH', 'demo', SECRET],
        ['GET', 'key:none'],
      ),
    );
    const after = text.split('switchyard 0.1.0\r\n');
    expect(after).toHaveLength(4);
    expect(after[1]).toBe(
      '_\r\n*16\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n' +
        after[1]!.split('$2\r\nid\r\n')[1],
    );
    expect(after[2]).toMatch(/^\$-1\r\n%8\r\n/);
    expect(after[3]).toBe('+RESET\r\n+OK\r\n$-1\r\n');
  });

  it('answers option and version errors with Redis texts', async () => {
    const { text } = await exchange(
      demo.proxy.port,
      req(['HELLO', 'x'], ['HELLO', '1'], ['HELLO', '3', 'FOO'], ['HELLO', '3', 'AUTH', 'demo']),
    );
    expect(text).toBe(
      "-ERR Protocol version is not an integer or out of range\r\n-NOPROTO unsupported protocol version\r\n-ERR Syntax error in HELLO option 'FOO'\r\n-ERR Syntax error in HELLO option 'AUTH'\r\n",
    );
  });
});

describe('RESP3 replies', () => {
  const hello = ['HELLO', '3', 'AUTH', 'demo', SECRET];
  const cmds = [
    ['DEL', 'myhash:r3', 'myset:r3', 'myzset:r3'],
    ['HSET', 'myhash:r3', 'f', 'v'],
    ['HGETALL', 'myhash:r3'],
    ['SADD', 'myset:r3', 'a'],
    ['SMEMBERS', 'myset:r3'],
    ['ZADD', 'myzset:r3', '1.5', 'm'],
    ['ZSCORE', 'myzset:r3', 'm'],
    ['ZRANGE', 'myzset:r3', '0', '-1', 'WITHSCORES'],
    ['GET', 'key:r3-missing'],
    ['EVAL', 'return redis.setresp(3) and {double=1.25}', '1', 'key:r3'],
    ['EVAL', 'redis.setresp(3); return redis.call("HGETALL", KEYS[1])', '1', 'myhash:r3'],
    ['EVAL', "return {big_number='123456789012345678901234567890'}", '1', 'key:r3'],
    ['EVAL', 'return true', '1', 'key:r3'],
    ['EVAL', "return {verbatim_string={format='txt', string='hello'}}", '1', 'key:r3'],
    ['EVAL', 'return {set={a=true}}', '1', 'key:r3'],
  ];

  it('are the bytes Redis sends a RESP3 client directly (map, set, double, null, big number, verbatim)', async () => {
    const direct = await exchange(demo.redis['gz-enterprise'].port, req(['HELLO', '3'], ...cmds));
    await demo.direct('gz-enterprise').del('myhash:r3', 'myset:r3', 'myzset:r3');
    const proxied = await exchange(demo.proxy.port, req(hello, ...cmds));
    const strip = (t: string): string => t.slice(t.indexOf('modules'));
    expect(direct.text).toContain('%1\r\n$1\r\nf\r\n$1\r\nv\r\n');
    expect(direct.text).toContain('~1\r\n$1\r\na\r\n');
    expect(direct.text).toContain(',1.5\r\n');
    expect(direct.text).toContain('_\r\n');
    expect(direct.text).toContain('(123456789012345678901234567890\r\n:1\r\n=9\r\ntxt:hello\r\n~1\r\n$1\r\na\r\n');
    // Everything after HELLO's reply is byte for byte what Redis sent directly.
    expect(strip(proxied.text).replace(/^modules\r\n\*0\r\n\$5\r\nproxy\r\n\$\d+\r\n[^\r]*\r\n/, '')).toBe(
      strip(direct.text).replace(/^modules\r\n\*0\r\n/, ''),
    );
  });

  it('stay RESP2 for RESP2 sessions on the same worker at the same time', async () => {
    const [r2, r3] = await Promise.all([
      exchange(
        demo.proxy.port,
        req(
          ['AUTH', 'demo', SECRET],
          ['HSET', 'myhash:mixed', 'f', 'v'],
          ['HGETALL', 'myhash:mixed'],
          ['GET', 'key:none'],
        ),
      ),
      exchange(
        demo.proxy.port,
        req(hello, ['HSET', 'myhash:mixed', 'f', 'v'], ['HGETALL', 'myhash:mixed'], ['GET', 'key:none']),
      ),
    ]);
    // HSET answers 1 to whichever session ran first, 0 to the other.
    expect(r2.text).toMatch(/^\+OK\r\n:[01]\r\n\*2\r\n\$1\r\nf\r\n\$1\r\nv\r\n\$-1\r\n$/);
    expect(r3.text).toMatch(/:[01]\r\n%1\r\n\$1\r\nf\r\n\$1\r\nv\r\n_\r\n$/);
  });

  it("encodes the proxy's own nil, INFO and CLIENT replies in RESP3", async () => {
    const { text } = await exchange(
      demo.proxy.port,
      req(hello, ['CLIENT', 'GETNAME'], ['INFO', 'cluster'], ['CLIENT', 'INFO'], ['ECHO', 'e']),
    );
    const rest = text.slice(text.indexOf('switchyard 0.1.0\r\n') + 'switchyard 0.1.0\r\n'.length);
    expect(rest.startsWith('_\r\n=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n=')).toBe(true);
    expect(rest).toMatch(/=\d+\r\ntxt:id=\d+ addr=127\.0\.0\.1:\d+ .* resp=3\n\r\n\$1\r\ne\r\n$/);
  });

  it('reassembles a split MGET and answers EXEC with local commands in RESP3', async () => {
    const a = meetingId(1, 41n);
    const b = meetingId(5, 42n);
    const c = meetingId(2, 43n);
    const { text } = await exchange(
      demo.proxy.port,
      req(
        hello,
        ['SET', a, 'A'],
        ['MGET', a, b, c],
        ['MULTI'],
        ['PING'],
        ['GET', a],
        ['GET', meetingId(1, 44n)],
        ['EXEC'],
      ),
    );
    const rest = text.slice(text.indexOf('switchyard 0.1.0\r\n') + 'switchyard 0.1.0\r\n'.length);
    // a, b and c live on three instances; the missing ones are RESP3 nils from their backends.
    expect(rest).toBe(
      '+OK\r\n*3\r\n$1\r\nA\r\n_\r\n_\r\n+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n+PONG\r\n$1\r\nA\r\n_\r\n',
    );
  });

  it('answers SY.NEWID with a map in RESP3 (a flat array in RESP2)', async () => {
    const r3 = await exchange(demo.proxy.port, req(hello, ['SY.NEWID', 'personal']));
    const r2 = await exchange(demo.proxy.port, req(['AUTH', 'demo', SECRET], ['SY.NEWID', 'personal']));
    expect(r3.text).toMatch(/switchyard 0\.1\.0\r\n%8\r\n\$2\r\nid\r\n\$\d+\r\n\d+\r\n/);
    expect(r2.text).toMatch(/^\+OK\r\n\*16\r\n\$2\r\nid\r\n/);
  });

  it('serves cached reads in the protocol of each session', async () => {
    const key = `stable_${meetingId(3, 31n)}`;
    const client = demo.client();
    await client.hset('myhash:none', 'x', '1');
    await client.set(key, 'cached');
    // Fill the cache from a RESP2 session, then read from RESP3, and both again (hits).
    const r2 = await exchange(demo.proxy.port, req(['AUTH', 'demo', SECRET], ['GET', key], ['GET', key]));
    const r3 = await exchange(
      demo.proxy.port,
      req(
        hello,
        ['GET', key],
        ['GET', key],
        ['GET', `stable_${meetingId(3, 32n)}`],
        ['GET', `stable_${meetingId(3, 32n)}`],
      ),
    );
    expect(r2.text).toBe('+OK\r\n$6\r\ncached\r\n$6\r\ncached\r\n');
    expect(r3.text.endsWith('$6\r\ncached\r\n$6\r\ncached\r\n_\r\n_\r\n')).toBe(true);
    const again = await exchange(
      demo.proxy.port,
      req(['AUTH', 'demo', SECRET], ['GET', `stable_${meetingId(3, 32n)}`]),
    );
    expect(again.text).toBe('+OK\r\n$-1\r\n');
  });

  it('runs a transaction with WATCH in RESP3 (nil when a watched key changed)', async () => {
    const key = 'key:r3-watch';
    const { text } = await new Promise<{ text: string }>((resolve) => {
      const socket = net.connect({ port: demo.proxy.port, host: '127.0.0.1' });
      let text = '';
      let step = 0;
      socket.on('data', async (d) => {
        text += d.toString('latin1');
        if (step === 0 && text.includes('switchyard')) {
          step = 1;
          socket.write(req(['WATCH', key]));
        } else if (step === 1 && text.endsWith('+OK\r\n')) {
          step = 2;
          await demo.direct('gz-enterprise').set(key, 'changed');
          socket.write(req(['MULTI'], ['SET', key, 'mine'], ['EXEC']));
        } else if (step === 2 && text.endsWith('_\r\n')) {
          socket.destroy();
          resolve({ text });
        }
      });
      socket.on('connect', () => socket.write(req(hello)));
    });
    expect(text.endsWith('+OK\r\n+OK\r\n+QUEUED\r\n_\r\n')).toBe(true);
    expect(await demo.direct('gz-enterprise').get(key)).toBe('changed');
  });

  it('works with redis-cli -3', async () => {
    const base = [
      '-3',
      '--no-raw',
      '-p',
      String(demo.proxy.port),
      '--user',
      'demo',
      '--pass',
      SECRET,
      '--no-auth-warning',
    ];
    await run('redis-cli', [...base, 'HSET', 'myhash:cli3', 'a', '1']);
    const { stdout } = await run('redis-cli', [...base, 'HGETALL', 'myhash:cli3']);
    // redis-cli prints a RESP3 map as "key => value" lines.
    expect(stdout).toMatch(/1# "a" => "1"/);
    const score = await run('redis-cli', [...base, 'ZADD', 'myzset:cli3', '2.5', 'm']).then(() =>
      run('redis-cli', [...base, 'ZSCORE', 'myzset:cli3', 'm']),
    );
    expect(score.stdout.trim()).toBe('(double) 2.5');
  });
});
