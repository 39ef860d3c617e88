import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindNoParams, executeAll, parse, rawConnect, simpleQuery, sync } from '../testing/raw-wire.ts';
import { startEmbeddedPostgres } from './index.ts';
import type { RunningPostgres } from './index.ts';

let server: RunningPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 8 });
  await pool.query('create table kv (id int primary key, v text not null)');
});
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

describe('embedded Postgres (PGlite behind a wire server)', () => {
  it('answers many concurrent statements of different shapes, each with its own result', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const sql =
          i % 2 ? 'select $1::int as x, $2::text as y' : 'select $2::text as y, $1::int + 1000000 as x, 1 as z';
        const { rows } = await pool.query<{ x: number; y: string }>(sql, [i, `s${i}`]);
        return rows[0]?.x === (i % 2 ? i : i + 1_000_000) && rows[0]?.y === `s${i}`;
      }),
    );
    expect(results.filter((ok) => !ok)).toHaveLength(0);
  });

  it('keeps concurrent transactions apart: a failed one rolls back alone', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('insert into kv values ($1, $2)', [i, 'draft']);
          await new Promise((r) => setTimeout(r, 1));
          await client.query('update kv set v = $2 where id = $1', [i, 'done']);
          if (i % 4 === 0) await client.query('select 1/0');
          await client.query('commit');
          return 'committed';
        } catch {
          await client.query('rollback');
          return 'rolled back';
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await pool.query<{ n: number; done: number }>(
      "select count(*)::int n, count(*) filter (where v = 'done')::int done from kv",
    );
    expect(outcomes.filter((o) => o === 'rolled back')).toHaveLength(5);
    expect(rows[0]).toEqual({ n: 15, done: 15 });
  });

  it("never runs one connection's Bind against another connection's Parse", async () => {
    // pglite-socket's server interleaves single messages, so B's Parse would replace A's
    // unnamed statement here and A would read 'from-b'.
    const a = await rawConnect(server.url);
    const b = await rawConnect(server.url);
    try {
      a.socket.write(parse("select 'from-a' as v"));
      await new Promise((r) => setTimeout(r, 50));
      b.socket.write(Buffer.concat([parse("select 'from-b' as v"), bindNoParams(), executeAll(), sync()]));
      await new Promise((r) => setTimeout(r, 50));
      expect(b.received()).toBe(''); // B waits: A owns the session until its Sync.
      a.socket.write(Buffer.concat([bindNoParams(), executeAll(), sync()]));
      await a.waitFor('Z\0\0\0\x05I');
      await b.waitFor('Z\0\0\0\x05I');
      expect(a.received()).toContain('from-a');
      expect(a.received()).not.toContain('from-b');
      expect(b.received()).toContain('from-b');
    } finally {
      a.close();
      b.close();
    }
  });

  it('drops the queued statements of a client that disconnects while waiting for the session', async () => {
    const holder = await rawConnect(server.url);
    const waiter = await rawConnect(server.url);
    holder.socket.write(simpleQuery('begin'));
    await holder.waitFor('Z\0\0\0\x05T');
    waiter.socket.write(simpleQuery("insert into kv values (2000, 'never')"));
    await new Promise((r) => setTimeout(r, 50));
    waiter.close();
    await new Promise((r) => setTimeout(r, 50));
    holder.socket.write(simpleQuery('commit'));
    await holder.waitFor('Z\0\0\0\x05I');
    holder.close();
    const { rows } = await pool.query('select count(*)::int n from kv where id = 2000');
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('rolls back and frees the session when a client vanishes inside a transaction', async () => {
    const a = await rawConnect(server.url);
    a.socket.write(simpleQuery("begin; insert into kv values (1000, 'orphan')"));
    await a.waitFor('Z\0\0\0\x05T');
    a.close();
    const { rows } = await pool.query('select count(*)::int n from kv where id = 1000');
    expect(rows[0]).toEqual({ n: 0 });
  });
});

describe('a client idle inside a transaction', () => {
  it('is disconnected after the idle timeout so the others can go on', async () => {
    const short = await startEmbeddedPostgres({ idleInTransactionMs: 300 });
    const other = new pg.Client({ connectionString: short.url });
    try {
      const idle = await rawConnect(short.url);
      const closed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()));
      idle.socket.write(simpleQuery('begin; create table t (x int)'));
      await idle.waitFor('Z\0\0\0\x05T');
      await other.connect();
      const { rows } = await other.query("select to_regclass('t') is null as gone");
      await closed;
      expect(rows[0]).toEqual({ gone: true });
    } finally {
      await other.end().catch(() => undefined);
      await short.stop();
    }
  });
});

describe('an embedded database on disk', () => {
  it('keeps its data across restarts and refuses a second server on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-pglite-'));
    try {
      const first = await startEmbeddedPostgres({ dataDir: dir });
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query("create table kept (v text); insert into kept values ('still here')");
      await client.end();
      // The lock is held by this process; a stale or foreign pid is what it guards against.
      writeFileSync(join(dir, 'switchyard-embedded.pid'), `${process.ppid}\n`);
      await expect(startEmbeddedPostgres({ dataDir: dir })).rejects.toThrow(/in use by pid/);
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir: dir });
      const again = new pg.Client({ connectionString: second.url });
      await again.connect();
      const { rows } = await again.query('select v from kept');
      await again.end();
      await second.stop();
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('authentication and file modes (issue 14 #12)', () => {
  const withPassword = (url: string, password: string | null): string => {
    const u = new URL(url);
    u.password = password ?? '';
    return u.toString();
  };
  const connectWith = async (url: string): Promise<void> => {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('hands out a URL with a password, and refuses connections without it or with a wrong one', async () => {
    expect(new URL(server.url).password.length).toBeGreaterThanOrEqual(16);
    await expect(connectWith(withPassword(server.url, null))).rejects.toThrow(/password/);
    await expect(connectWith(withPassword(server.url, 'wrong-password'))).rejects.toThrow(
      /password authentication failed for user "postgres"/,
    );
    await expect(connectWith(server.url)).resolves.toBeUndefined();
  });

  it('refuses a client that skips the password and sends a query, and closes the connection', async () => {
    const u = new URL(server.url);
    const socket = connect(Number(u.port), u.hostname);
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), Buffer.from('user\0postgres\0\0')]);
    const startup = Buffer.concat([Buffer.alloc(4), body]);
    startup.writeInt32BE(startup.length, 0);
    socket.write(Buffer.concat([startup, simpleQuery('select 42 as answer')]));
    await closed;
    expect(text).toContain('C08P01');
    expect(text).not.toContain('answer');
  });

  it('uses the given password', async () => {
    const own = await startEmbeddedPostgres({ password: 'p@ss/w:rd' });
    try {
      expect(own.url).toContain(encodeURIComponent('p@ss/w:rd'));
      await expect(connectWith(own.url)).resolves.toBeUndefined();
    } finally {
      await own.stop();
    }
  });

  it('keeps its data directory 0700 and its files 0600, even when the directory existed open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-pglite-modes-'));
    chmodSync(dir, 0o755);
    try {
      const db = await startEmbeddedPostgres({ dataDir: dir });
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      await connectWith(db.url);
      await db.stop();
      const open = listTree(dir).filter((file) => (statSync(file).mode & 0o077) !== 0);
      expect(open).toEqual([]);
      expect(listTree(dir).length).toBeGreaterThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function listTree(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [join(dir, e.name), ...listTree(join(dir, e.name))] : [join(dir, e.name)],
  );
}
