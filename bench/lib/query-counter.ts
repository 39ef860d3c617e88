/**
 * Counts the SQL statements this process sends to PostgreSQL (every pg.Client query: Prisma's
 * adapter, the migration runner, LISTEN), grouped by their first words. For benches that host
 * the console API in-process: round trips per operation are a figure that holds on a busy box.
 */
import pg from 'pg';

export interface QueryCounter {
  total(): number;
  /** The most frequent statements, `count  first 70 characters`. */
  top(n: number): string[];
  reset(): void;
}

export function countQueries(): QueryCounter {
  const counts = new Map<string, number>();
  const original = pg.Client.prototype.query;
  const counted = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '?');
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  };
  pg.Client.prototype.query = counted as typeof original;
  return {
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    top: (n) =>
      [...counts]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, c]) => `${String(c).padStart(6)}  ${k}`),
    reset: () => counts.clear(),
  };
}
