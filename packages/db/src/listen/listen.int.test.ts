/** listenChannel on a real PostgreSQL 15: notices arrive, and a dropped connection comes back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startEmbeddedPostgres, startPostgres, type RunningPostgres } from '../testing/index.ts';
import { listenChannel } from './index.ts';

let db: RunningPostgres;
let admin: pg.Client;
beforeAll(async () => {
  db = await startPostgres();
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await db?.stop();
});

/** Resolves when `ok()` holds, re-checking on every call of the returned `poke`. */
function signal(): { poke: () => void; until: (ok: () => boolean) => Promise<void> } {
  const waiters = new Set<() => void>();
  return {
    poke: () => waiters.forEach((w) => w()),
    until: (ok) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (ok()) {
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

describe('listenChannel', () => {
  it('hands over each payload, and re-opens a dropped connection with onReady run again', async () => {
    const heard: string[] = [];
    let ready = 0;
    const s = signal();
    const listener = listenChannel(
      db.url,
      'sy_test',
      (payload) => {
        heard.push(payload);
        s.poke();
      },
      { retryMs: 20, onReady: () => (ready++, s.poke()) },
    );
    try {
      await s.until(() => ready === 1 && listener.listening());
      await admin.query(`SELECT pg_notify('sy_test', 'one'), pg_notify('other', 'not ours')`);
      await s.until(() => heard.length === 1);
      // The server ends the listening session, as a restart or a network cut would.
      const { rowCount } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN sy_test' AND pid <> pg_backend_pid()`,
      );
      expect(rowCount).toBe(1);
      await s.until(() => ready === 2 && listener.listening());
      await admin.query(`SELECT pg_notify('sy_test', 'two')`);
      await s.until(() => heard.length === 2);
      expect(heard).toEqual(['one', 'two']);
    } finally {
      await listener.close();
    }
    expect(listener.listening()).toBe(false);
  });

  it('refuses a channel name it would have to quote', () => {
    expect(() => listenChannel(db.url, 'x; DROP TABLE y', () => undefined)).toThrow(/plain channel name/);
  });
});

describe('listenChannel on the embedded server (one PGlite session for every client)', () => {
  it('hears a NOTIFY committed by another connection, in and outside a transaction', async () => {
    const embedded = await startEmbeddedPostgres();
    const other = new pg.Client({ connectionString: embedded.url });
    const heard: string[] = [];
    let ready = false;
    const s = signal();
    const listener = listenChannel(
      embedded.url,
      'sy_test',
      (payload) => {
        heard.push(payload);
        s.poke();
      },
      { onReady: () => ((ready = true), s.poke()) },
    );
    try {
      await other.connect();
      await s.until(() => ready);
      await other.query(`SELECT pg_notify('sy_test', 'one'), pg_notify('other', 'not ours')`);
      await other.query('BEGIN');
      await other.query(`SELECT pg_notify('sy_test', 'two')`);
      await other.query('COMMIT');
      await s.until(() => heard.length === 2);
      expect(heard).toEqual(['one', 'two']);
    } finally {
      await listener.close();
      await other.end();
      await embedded.stop();
    }
  });
});
