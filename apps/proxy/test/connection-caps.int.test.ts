/**
 * Issue 14 findings 6 and 7 through a real worker and real redis-server: replies over the
 * size cap are cut without stalling the backend connection, a client that never reads is
 * disconnected at the output-buffer limit, connections are bounded per worker and per caller,
 * unauthenticated connections time out, and WATCH cannot pin unbounded backend connections.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { meetingId, SECRET, startDemo, type DemoFixture } from './fixture.ts';

const MiB = 1024 * 1024;
const PER_CALLER = 12;
let demo: DemoFixture;
beforeAll(async () => {
  demo = await startDemo({
    proxy: {
      PROXY_MAX_REPLY_BYTES: MiB,
      PROXY_OUTPUT_BUFFER_HARD_BYTES: 8 * MiB,
      PROXY_OUTPUT_BUFFER_SOFT_BYTES: 4 * MiB,
      PROXY_OUTPUT_BUFFER_SOFT_SECONDS: 30,
      PROXY_MAX_CONNECTIONS: 40,
      PROXY_MAX_CONNECTIONS_PER_CALLER: PER_CALLER,
      PROXY_UNAUTH_TIMEOUT_MS: 1500,
      PROXY_MAX_WATCH_CONNECTIONS: 3,
    },
  });
}, 60_000);
afterAll(async () => demo?.stop());

const caps = (cap: Parameters<DemoFixture['proxy']['ctx']['stats']['caps']['get']>[0]): number =>
  demo.proxy.ctx.stats.caps.get(cap);
const until = async (ok: () => boolean, ms = 5000): Promise<void> => {
  for (const end = Date.now() + ms; !ok() && Date.now() < end;) await new Promise((r) => setTimeout(r, 25));
};

function connect(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port: demo.proxy.port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Everything the proxy sends on `socket` until it closes it or `quietMs` pass without data. */
function collect(socket: net.Socket, quietMs = 3000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    let timer = setTimeout(() => done(false), quietMs);
    const done = (closed: boolean): void => {
      clearTimeout(timer);
      resolve({ text, closed });
    };
    socket.on('data', (d) => {
      text += d.toString('latin1');
      clearTimeout(timer);
      timer = setTimeout(() => done(false), quietMs);
    });
    socket.once('close', () => done(true));
  });
}

describe('reply bytes per request (finding 6)', () => {
  const big = meetingId(2, 11n);
  const list = meetingId(2, 12n);
  const small = meetingId(2, 13n);

  beforeAll(async () => {
    const backend = demo.direct('gz-enterprise');
    await backend.set(big, Buffer.alloc(3 * MiB, 'b'));
    const items = Array.from({ length: 20_000 }, (_, i) => `item-${i}-${'x'.repeat(80)}`);
    await backend.rpush(list, ...items);
    await backend.set(small, 'fine');
  });

  it('cuts a bulk or array reply over the cap with an error, and the pipeline behind it is answered in order', async () => {
    const client = demo.client();
    const before = caps('reply_bytes');
    const p = client.pipeline().get(big).get(small).lrange(list, 0, -1).lrange(list, 0, 9).get(small);
    const results = (await p.exec())!;
    const cut =
      "ERR SWITCHYARD reply is over the proxy's limit of 1048576 bytes and was discarded; read it in smaller parts (GETRANGE, LRANGE, HSCAN, ...)";
    expect(results[0]![0]?.message).toBe(cut);
    expect(results[1]).toEqual([null, 'fine']);
    expect(results[2]![0]?.message).toBe(cut);
    expect(results[3]![1]).toHaveLength(10);
    expect(results[4]).toEqual([null, 'fine']);
    expect(caps('reply_bytes') - before).toBe(2);
    // Smaller parts still come through.
    expect(await client.getrange(big, 0, 9)).toBe('b'.repeat(10));
  });

  it('counts a cut reply on a blocking connection too (BLPOP of an element over the cap)', async () => {
    const key = meetingId(2, 14n);
    await demo.direct('gz-enterprise').rpush(key, Buffer.alloc(2 * MiB, 'q'));
    const before = caps('reply_bytes');
    // Its own connection, closed after: the caller's connections are capped at PER_CALLER here.
    const client = demo.client();
    const error = await client
      .blpop(key, 1)
      .then(() => null)
      .catch((e: Error) => e.message);
    client.disconnect();
    expect(error).toMatch(/^ERR SWITCHYARD reply is over the proxy's limit/);
    expect(caps('reply_bytes') - before).toBe(1);
  });

  it('keeps serving other clients of the same backend while a huge reply is skipped', async () => {
    const [a, b] = [demo.client(), demo.client()];
    const many = Array.from({ length: 10 }, () => a.get(big).catch((e: Error) => e.message));
    const others = Array.from({ length: 20 }, () => b.get(small));
    expect(new Set(await Promise.all(others))).toEqual(new Set(['fine']));
    expect(new Set(await Promise.all(many))).toEqual(new Set([expect.stringMatching(/^ERR SWITCHYARD reply is over/)]));
  });
});

describe('client output buffer (finding 6)', () => {
  it('disconnects a client that never reads its replies once they pass the hard limit', async () => {
    const value = meetingId(2, 14n);
    await demo.direct('gz-enterprise').set(value, Buffer.alloc(900 * 1024, 'v'));
    const before = caps('output_buffer');
    const socket = await connect();
    socket.pause(); // never read
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('error', () => undefined);
    const gets = Array.from({ length: 200 }, () => command(['GET', value]));
    socket.write(Buffer.concat([command(['AUTH', 'demo', SECRET]), ...gets]));
    await until(() => caps('output_buffer') > before, 10_000);
    expect(caps('output_buffer') - before).toBe(1);
    socket.resume();
    await closed;
    expect(
      await demo
        .client()
        .get(value)
        .then((v) => v?.length),
    ).toBe(900 * 1024);
  });
});

describe('client output buffer, replies held behind a slow one (finding 6)', () => {
  it('counts replies waiting behind an unanswered request, and disconnects past the hard limit', async () => {
    const big = meetingId(2, 16n);
    await demo.direct('gz-enterprise').set(big, Buffer.alloc(900 * 1024, 'h'));
    // gz-personal holds commands for 3 s, so the pipeline's first reply is late and the rest wait in the proxy.
    await demo.direct('gz-personal').call('CLIENT', 'PAUSE', '3000', 'ALL');
    const before = caps('output_buffer');
    const socket = await connect();
    const seen = collect(socket, 10_000);
    const gets = Array.from({ length: 20 }, () => command(['GET', big]));
    socket.write(Buffer.concat([command(['AUTH', 'demo', SECRET]), command(['GET', meetingId(1, 16n)]), ...gets]));
    // Disconnected while the first reply is still owed (nothing after AUTH's +OK was sent):
    // the held replies counted, not only bytes already in the socket.
    expect(await seen).toEqual({ text: '+OK\r\n', closed: true });
    expect(caps('output_buffer') - before).toBe(1);
  });
});

describe('connections (finding 7)', () => {
  it('closes a connection that does not authenticate in time, and keeps an authenticated one', async () => {
    const before = caps('unauth_timeout');
    const idle = await connect();
    const authed = demo.client();
    await authed.ping();
    const seen = await collect(idle, 5000);
    expect(seen).toEqual({
      text: '-ERR SWITCHYARD not authenticated within 1500 ms; connection closed\r\n',
      closed: true,
    });
    expect(caps('unauth_timeout') - before).toBeGreaterThanOrEqual(1);
    expect(await authed.ping()).toBe('PONG');
  });

  it("refuses a caller's connection past its per-caller limit, until one closes", async () => {
    const open = demo.proxy.ctx.callerConnections.count('demo');
    const clients = Array.from({ length: PER_CALLER - open }, () => demo.client());
    await Promise.all(clients.map((c) => c.ping()));
    const before = caps('connections_caller');
    const extra = demo.client();
    await expect(extra.ping()).rejects.toThrow(
      `ERR SWITCHYARD caller 'demo' already has ${PER_CALLER} connections to this worker`,
    );
    expect(caps('connections_caller') - before).toBeGreaterThanOrEqual(1);
    clients[0]!.disconnect();
    await until(() => demo.proxy.ctx.callerConnections.count('demo') < PER_CALLER);
    expect(await demo.client().ping()).toBe('PONG');
    for (const c of clients) c.disconnect();
    await until(() => demo.proxy.ctx.callerConnections.count('demo') <= open + 1);
  });

  it('answers "max number of clients reached" past the per-worker limit', async () => {
    const sockets: net.Socket[] = [];
    try {
      while (demo.proxy.server.sessions.size < 40) {
        sockets.push(await connect());
        await until(() => demo.proxy.server.sessions.size >= sockets.length, 1000);
      }
      const before = caps('connections_worker');
      const refused = await connect();
      expect(await collect(refused, 2000)).toEqual({ text: '-ERR max number of clients reached\r\n', closed: true });
      expect(caps('connections_worker') - before).toBe(1);
    } finally {
      for (const s of sockets) s.destroy();
    }
    await until(() => demo.proxy.server.sessions.size < 10);
    expect(await demo.client().ping()).toBe('PONG');
    // INFO reports the refusal under Redis's name, and each cap under its own.
    const text = await demo.client().info('all');
    expect(text).toContain(`rejected_connections:${caps('connections_worker')}`);
    expect(text).toContain(`cap_refusals_connections_worker:${caps('connections_worker')}`);
  });
});

describe('WATCH-pinned backend connections (finding 7)', () => {
  it('pins at most PROXY_MAX_WATCH_CONNECTIONS backend connections, and frees them on UNWATCH/EXEC', async () => {
    const backend = demo.direct('gz-enterprise');
    const clientsBefore = ((await backend.client('LIST')) as string).trim().split('\n').length;
    const key = meetingId(2, 15n);
    const watchers = Array.from({ length: 4 }, () => demo.client());
    for (const w of watchers.slice(0, 3)) expect(await w.watch(key)).toBe('OK');
    const before = caps('watch_connections');
    await expect(watchers[3]!.watch(key)).rejects.toThrow(
      'ERR SWITCHYARD too many WATCH connections in this worker (limit 3)',
    );
    expect(caps('watch_connections') - before).toBe(1);
    expect(((await backend.client('LIST')) as string).trim().split('\n').length).toBeLessThanOrEqual(clientsBefore + 3);
    expect(await watchers[0]!.unwatch()).toBe('OK');
    expect(await watchers[3]!.watch(key)).toBe('OK');
    expect(await watchers[3]!.multi().set(key, 'w').exec()).toEqual([[null, 'OK']]);
    expect(await watchers[1]!.watch(key)).toBe('OK');
    expect(demo.proxy.ctx.upstream.dedicatedOpen).toBe(2);
  });
});
