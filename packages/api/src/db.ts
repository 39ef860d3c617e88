/** The database types the API works with; types only, so importing this opens nothing. */
import type { Db, Prisma } from '@switchyard/db/types';

export type { Db };
/** The client handed to `db.$transaction(async (tx) => …)`. */
export type DbTx = Prisma.TransactionClient;

/** A JSON-safe copy for a Json column; null/undefined become "no value" (SQL NULL). */
export function toDbJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
