/**
 * Issue 13: blocking commands and pub/sub for RESP3 sessions (HELLO 3). Blocked commands run
 * on dedicated backend connections that speak the session's protocol, so their replies are
 * the bytes Redis sends a RESP3 client directly; pub/sub confirmations and messages are pushes.
 */
import { waitUntil } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { exchange, rawSession, type RawSession } from './raw-exchange.ts';

let demo: DemoFixture;

beforeAll(async () => {
  demo = await startDemo();
}, 60_000);
afterAll(async () => demo?.stop());

const req = (...cmds: string[][]): Buffer => Buffer.concat(cmds.map((c) => command(c)));
/** What follows HELLO's reply (its id and proxy fields differ between the proxy and Redis). */
const afterHello = (text: string): string =>
  text.slice(text.indexOf('modules\r\n*0\r\n') + 13).replace(/^\$5\r\nproxy\r\n\$\d+\r\n[^\r]*\r\n/, '');

const raw = (): Promise<RawSession> => rawSession(demo.proxy.port);

describe('blocking commands in RESP3', () => {
  // Keys of gz-enterprise (my*, key:*), so the direct comparison runs on the same server.
  const cmds = [
    ['ZADD', 'myzset:blk3', '1.5', 'm'],
    // Served at once, but on the dedicated blocking connection (a block was asked for).
    ['BZPOPMIN', 'myzset:blk3', '5'],
    // Times out on the backend: a RESP3 null.
    ['BZPOPMIN', 'myzset:blk3', '0.05'],
    ['XADD', 'key:stream3', '1-1', 'f', 'v'],
    ['XREAD', 'BLOCK', '100', 'STREAMS', 'key:stream3', '0'],
    ['XREAD', 'BLOCK', '50', 'STREAMS', 'key:stream3', '$'],
    ['BLPOP', 'mylist:blk3', '0.05'],
  ];

  it('answers BZPOPMIN, XREAD BLOCK and BLPOP with the bytes Redis sends a RESP3 client (double score, map, null)', async () => {
    const clear = (): Promise<number> => demo.direct('gz-enterprise').del('myzset:blk3', 'key:stream3', 'mylist:blk3');
    await clear();
    const direct = await exchange(demo.redis['gz-enterprise'].port, req(['HELLO', '3'], ...cmds), 1000);
    await clear();
    const proxied = await exchange(demo.proxy.port, req(['HELLO', '3', 'AUTH', 'demo', SECRET], ...cmds), 1000);
    expect(direct.text).toContain('*3\r\n$11\r\nmyzset:blk3\r\n$1\r\nm\r\n,1.5\r\n_\r\n');
    expect(direct.text).toContain('%1\r\n$11\r\nkey:stream3\r\n');
    expect(afterHello(proxied.text)).toBe(afterHello(direct.text));
    // The proxy really blocked on its own connections (not the shared pipelined pool).
    expect(proxied.text).toContain(',1.5\r\n');
  });

  it('keeps RESP2 blocked clients on RESP2 connections of the same pool', async () => {
    const r3 = await exchange(
      demo.proxy.port,
      req(
        ['HELLO', '3', 'AUTH', 'demo', SECRET],
        ['ZADD', 'myzset:mix3', '2.5', 'a'],
        ['BZPOPMIN', 'myzset:mix3', '5'],
      ),
      500,
    );
    const r2 = await exchange(
      demo.proxy.port,
      req(
        ['AUTH', 'demo', SECRET],
        ['ZADD', 'myzset:mix3', '2.5', 'a'],
        ['BZPOPMIN', 'myzset:mix3', '5'],
        ['BZPOPMIN', 'myzset:mix3', '0.05'],
      ),
      500,
    );
    expect(r3.text.endsWith(':1\r\n*3\r\n$11\r\nmyzset:mix3\r\n$1\r\na\r\n,2.5\r\n')).toBe(true);
    expect(r2.text).toBe('+OK\r\n:1\r\n*3\r\n$11\r\nmyzset:mix3\r\n$1\r\na\r\n$3\r\n2.5\r\n*-1\r\n');
  });
});

describe('pub/sub in RESP3', () => {
  it('HELLO 3 then SUBSCRIBE/PSUBSCRIBE: confirmations and messages are push frames; other commands still run', async () => {
    const c = await raw();
    c.send('HELLO', '3', 'AUTH', 'demo', SECRET);
    await c.until('switchyard');
    c.send('SUBSCRIBE', 'key:chan3');
    await c.until('>3\r\n$9\r\nsubscribe\r\n$9\r\nkey:chan3\r\n:1\r\n');
    c.send('PSUBSCRIBE', 'key:pat3*');
    await c.until('>3\r\n$10\r\npsubscribe\r\n$9\r\nkey:pat3*\r\n:2\r\n');
    const pub = demo.client();
    expect(await pub.publish('key:chan3', 'hi')).toBe(1);
    await c.until('>3\r\n$7\r\nmessage\r\n$9\r\nkey:chan3\r\n$2\r\nhi\r\n');
    await waitUntil(
      async () => Number(await pub.publish('key:pat3x', 'p')),
      (n) => n === 1,
      'pattern subscribed',
      5000,
      20,
    );
    await c.until('>4\r\n$8\r\npmessage\r\n$9\r\nkey:pat3*\r\n$9\r\nkey:pat3x\r\n$1\r\np\r\n');
    // RESP3 has no subscribe mode: a GET is answered, with RESP3's null.
    c.send('GET', 'key:none3');
    await c.until('_\r\n');
    // CLIENT INFO shows the subscription, as Redis's flags=P.
    c.send('CLIENT', 'INFO');
    await c.until(' flags=P ');
    c.send('UNSUBSCRIBE');
    await c.until('>3\r\n$11\r\nunsubscribe\r\n$9\r\nkey:chan3\r\n:1\r\n');
    c.close();
    pub.disconnect();
  });
});
