/**
 * Tests against a server someone else runs (DATABASE_URL): each caller gets its own fresh
 * database on it, dropped afterwards, so tests never touch the database in the URL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunningPostgres } from '../embedded/index.ts';
import { poolOptionsFor } from '../pool-options.ts';

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client(poolOptionsFor(url));
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(serverUrl: string): Promise<RunningPostgres> {
  const name = `switchyard_test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    stop: () => admin(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
