import type { PoolConfig } from 'pg';

/**
 * node-postgres pool options for a URL. Connection strings are split into fields, because
 * `PrismaPg.connectToShadowDb()` overrides `database` on the config and a connectionString
 * would silently win over it (the "shadow" would be the real database).
 */
export function poolOptionsFor(url: string, max?: number): PoolConfig {
  const u = new URL(url);
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new Error(`not a postgres URL: ${u.protocol}//…`);
  }
  const config: PoolConfig = {
    host: decodeURIComponent(u.searchParams.get('host') ?? u.hostname) || '127.0.0.1',
    port: u.port ? Number(u.port) : 5432,
    user: decodeURIComponent(u.username) || 'postgres',
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    // A worker or console must not hang forever on a dead database.
    connectionTimeoutMillis: 10_000,
  };
  if (max !== undefined) config.max = max;
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode && sslmode !== 'disable') config.ssl = { rejectUnauthorized: sslmode === 'verify-full' };
  return config;
}
