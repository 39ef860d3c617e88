/**
 * `createDb(url)`: the Prisma client over node-postgres (Prisma 7 has no Rust query engine;
 * the driver adapter does the I/O). Importing this file opens nothing; the pool connects on
 * the first query.
 */
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { poolOptionsFor } from './pool-options.ts';

export type Db = PrismaClient;

export interface CreateDbOptions {
  /** Pool size; default 10 (node-postgres' default). */
  max?: number;
}

export function createDb(url: string, options: CreateDbOptions = {}): Db {
  const adapter = new PrismaPg(poolOptionsFor(url, options.max));
  return new PrismaClient({ adapter });
}

export { PrismaClient };
