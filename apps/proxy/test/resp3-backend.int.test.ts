/**
 * Issue 13 §6: a backend connection for RESP3 sessions says HELLO 3 (after AUTH as the data
 * user) and frames every RESP3 reply; an out-of-band push never takes a request's place.
 */
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command } from '../src/resp/encode.ts';
import { RawConnection, type RawConnectionOptions } from '../src/upstream/raw-connection.ts';
import { DATA_USER } from './fixture.ts';

let redis: RedisProcess;
beforeAll(async () => {
  redis = await startRedis({ dataUser: { ...DATA_USER } });
});
afterAll(async () => redis?.stop());

function ask(conn: RawConnection, args: string[]): Promise<string> {
  return new Promise((resolve) =>
    conn.send(command(args), (buf, start, end, failure) =>
      resolve(buf === null ? `FAILED ${failure}` : buf.toString('latin1', start, end)),
    ),
  );
}

/** A backend connection to the test's server as the managed data user. */
function connect(extra: Partial<RawConnectionOptions> = {}): RawConnection {
  return new RawConnection({
    host: '127.0.0.1',
    port: redis.port,
    ...DATA_USER,
    timeoutMs: 2000,
    connectTimeoutMs: 2000,
    ...extra,
  });
}

describe('RESP3 backend connection', () => {
  it('authenticates as the data user, speaks RESP3, and skips invalidation pushes', async () => {
    const pushes: string[] = [];
    const onPush = (buf: Buffer, start: number, end: number): number => pushes.push(buf.toString('latin1', start, end));
    const conn = connect({ protocol: 3, onPush });
    try {
      expect(await ask(conn, ['HSET', 'h', 'f', '1.5'])).toBe(':1\r\n');
      expect(await ask(conn, ['HGETALL', 'h'])).toBe('%1\r\n$1\r\nf\r\n$3\r\n1.5\r\n');
      expect(await ask(conn, ['GET', 'missing'])).toBe('_\r\n');
      expect(await ask(conn, ['CLIENT', 'TRACKING', 'on'])).toBe('+OK\r\n');
      expect(await ask(conn, ['GET', 'tracked'])).toBe('_\r\n');
      const other = new Redis({ port: redis.port, ...DATA_USER });
      await other.set('tracked', 'x');
      other.disconnect();
      // The invalidation push for `tracked` arrives before PING's reply and answers nothing.
      expect(await ask(conn, ['PING'])).toBe('+PONG\r\n');
      expect(await ask(conn, ['GET', 'tracked'])).toBe('$1\r\nx\r\n');
      expect(pushes).toEqual(['>2\r\n$10\r\ninvalidate\r\n*1\r\n$7\r\ntracked\r\n']);
    } finally {
      conn.close();
    }
  });

  it('a RESP2 connection to the same server still gets RESP2', async () => {
    const conn = connect();
    try {
      expect(await ask(conn, ['HGETALL', 'h'])).toBe('*2\r\n$1\r\nf\r\n$3\r\n1.5\r\n');
      expect(await ask(conn, ['GET', 'missing'])).toBe('$-1\r\n');
    } finally {
      conn.close();
    }
  });
});
