import { describe, expect, it } from 'vitest';
import { readDbEnv, requireDatabaseUrl } from './env.ts';
import { poolOptionsFor } from './pool-options.ts';
import * as typesOnly from './types.ts';

describe('poolOptionsFor', () => {
  it('splits a URL into fields so a database override is not lost', () => {
    expect(poolOptionsFor('postgresql://ops:p%40ss@db.local:6543/switchyard', 3)).toMatchObject({
      host: 'db.local',
      port: 6543,
      user: 'ops',
      password: 'p@ss',
      database: 'switchyard',
      max: 3,
    });
  });

  it('fills Postgres defaults and honours sslmode', () => {
    const o = poolOptionsFor('postgres://127.0.0.1?sslmode=require');
    expect(o).toMatchObject({ port: 5432, user: 'postgres', database: 'postgres', ssl: { rejectUnauthorized: false } });
    expect(o.password).toBeUndefined();
    expect(() => poolOptionsFor('mysql://x/y')).toThrow(/not a postgres URL/);
  });
});

describe('db env', () => {
  it('accepts postgres URLs and rejects anything else with the variable named', () => {
    expect(readDbEnv({ DATABASE_URL: 'postgresql://a@b/c', SWITCHYARD_PGPORT: '5433' })).toMatchObject({
      SWITCHYARD_PGPORT: 5433,
    });
    expect(() => readDbEnv({ DATABASE_URL: 'http://nope' })).toThrow(/DATABASE_URL/);
    expect(() => requireDatabaseUrl({})).toThrow(/DATABASE_URL is not set/);
  });
});

describe('@switchyard/db/types', () => {
  it('has no runtime exports, so importing it loads nothing', () => {
    expect(Object.keys(typesOnly)).toEqual([]);
  });
});
