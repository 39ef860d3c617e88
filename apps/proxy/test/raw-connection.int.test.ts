/**
 * A backend connection sends every request of an event-loop turn in one write: requests from
 * different client buffers are copied one after another, large ones are written as they are.
 * Whatever the mix, Redis must see them in the order they were sent, each whole.
 */
import net from 'node:net';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { RawConnection } from '../src/upstream/raw-connection.ts';

let redis: RedisProcess;
let conn: RawConnection;
beforeAll(async () => {
  redis = await startRedis();
  conn = new RawConnection({ host: '127.0.0.1', port: redis.port, timeoutMs: 5000, connectTimeoutMs: 2000 });
});
afterAll(async () => {
  conn?.close();
  await redis?.stop();
});

/** Sends buf[start, end) and resolves with the reply's bytes as text. */
function sendRange(buf: Buffer, start: number, end: number): Promise<string> {
  return new Promise((resolve) =>
    conn.sendRange(buf, start, end, (reply, s, e, failure) =>
      resolve(reply === null ? `FAILED ${failure}` : reply.toString('latin1', s, e)),
    ),
  );
}

const send = (args: string[]): Promise<string> => {
  const buf = command(args);
  return sendRange(buf, 0, buf.length);
};

/** One turn's worth of requests, as a proxy sends them: each from its own buffer, in one synchronous go. */
function turn(counter: string, n: number, big: string): Promise<string[]> {
  const replies: Promise<string>[] = [];
  for (let i = 0; i < n; i++) {
    replies.push(send(['INCR', counter]));
    if (i === n >> 1) replies.push(send(['SET', `${counter}:big`, big]), send(['STRLEN', `${counter}:big`]));
  }
  // Two requests in one buffer, sent as adjacent ranges (a client's pipeline).
  const pair = Buffer.concat([command(['INCR', counter]), command(['GET', counter])]);
  const cut = command(['INCR', counter]).length;
  replies.push(sendRange(pair, 0, cut), sendRange(pair, cut, pair.length));
  return Promise.all(replies);
}

function expected(n: number, from: number, bigLength: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`:${from + i + 1}\r\n`);
    if (i === n >> 1) out.push('+OK\r\n', `:${bigLength}\r\n`);
  }
  const last = from + n + 1;
  out.push(`:${last}\r\n`, `$${String(last).length}\r\n${last}\r\n`);
  return out;
}

describe('RawConnection turn batching', () => {
  it('keeps order across many buffers, a large request between them, and the connect', async () => {
    const big = 'v'.repeat(100_000);
    // The first turn is sent while the socket is still connecting.
    expect(await turn('c', 300, big)).toEqual(expected(300, 0, big.length));
    // Later turns reuse the turn buffer; 2,000 requests outgrow its first size several times.
    expect(await turn('c', 2000, big)).toEqual(expected(2000, 301, big.length));
    expect(await turn('c', 50, 'small')).toEqual(expected(50, 2302, 5));
    expect(await send(['GET', 'c'])).toBe('$4\r\n2353\r\n');
  });

  it('does not let a write still in flight be overwritten by the next turn', async () => {
    // 4,000 requests of ~1 KB per turn: more than the socket takes at once, so the kernel
    // leaves part of a turn queued while the next turn is being buffered.
    const value = (round: number, i: number): string => `${round}:${i}:`.padEnd(1000, 'x');
    const rounds = await Promise.all(
      [0, 1, 2].map(async (round) => {
        for (let r = 0; r < round; r++) await new Promise((resolve) => setImmediate(resolve));
        const replies: Promise<string>[] = [];
        for (let i = 0; i < 4000; i++) replies.push(send(['SET', `k:${round}:${i}`, value(round, i)]));
        return Promise.all(replies);
      }),
    );
    for (const replies of rounds) expect(new Set(replies)).toEqual(new Set(['+OK\r\n']));
    const reads: Promise<string>[] = [];
    for (let round = 0; round < 3; round++) for (let i = 0; i < 4000; i++) reads.push(send(['GET', `k:${round}:${i}`]));
    const got = await Promise.all(reads);
    const wrong = got.filter((reply, at) => reply !== `$1000\r\n${value(Math.floor(at / 4000), at % 4000)}\r\n`);
    expect(wrong).toEqual([]);
    expect(await send(['DBSIZE'])).toBe(':12002\r\n');
  });
});

describe('RawConnection stall timeout', () => {
  /** A backend that answers its first `answered` requests with +OK and then none. */
  async function silentAfter(answered: number): Promise<{ port: number; close(): void }> {
    let left = answered;
    const server = net.createServer((socket) =>
      socket.on('data', (chunk) => {
        // One request per chunk here: each is sent in its own turn.
        if (left-- > 0 && chunk.length > 0) socket.write('+OK\r\n');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
  }

  function timed(c: RawConnection, args: string[]): Promise<{ reply: string; ms: number }> {
    const t0 = performance.now();
    const buf = command(args);
    return new Promise((resolve) =>
      c.sendRange(buf, 0, buf.length, (reply, s, e, failure) =>
        resolve({
          reply: reply === null ? `FAILED ${failure}` : reply.toString('latin1', s, e),
          ms: performance.now() - t0,
        }),
      ),
    );
  }

  it('fails an unanswered request on timeout, counted from its own send, after an answered one and after idling', async () => {
    const server = await silentAfter(2);
    const c = new RawConnection({ host: '127.0.0.1', port: server.port, timeoutMs: 300, connectTimeoutMs: 2000 });
    try {
      expect((await timed(c, ['PING'])).reply).toBe('+OK\r\n');
      // Idle for several checks, then a request, answered; and at once another, never answered.
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect((await timed(c, ['PING'])).reply).toBe('+OK\r\n');
      const lost = await timed(c, ['PING']);
      expect(lost.reply).toBe('FAILED timeout');
      // Not early: the clock started with this request (the coarse clock reads in 5 ms steps).
      expect(lost.ms).toBeGreaterThanOrEqual(290);
    } finally {
      c.close();
      server.close();
    }
  });
});
