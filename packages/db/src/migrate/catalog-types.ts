/**
 * The schema engine introspects pg_catalog, whose `"char"` columns (relkind, contype, …)
 * @prisma/adapter-pg rejects ("Column type 'char' could not be deserialized") while the
 * engine reads them as Rust chars. For the engine's pools only, we let pg report them as
 * text (so the adapter accepts the rows) and then tell the engine they are Character
 * columns. Which columns are "char" depends only on the SQL text, so we key on it.
 */
import pg from 'pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlQuery, SqlQueryable, SqlResultSet } from '@prisma/driver-adapter-utils';

const PG_CHAR = 18;
const PG_TEXT = 25;

interface WithFields {
  fields?: Array<{ dataTypeID: number }>;
}
type QueryFn = (...args: unknown[]) => unknown;

export class CharColumns {
  private readonly bySql = new Map<string, number[]>();

  /** Rewrites "char" fields of a pg result to text, remembering their positions. */
  record<T>(sql: unknown, result: T): T {
    const fields = (result as WithFields | null)?.fields ?? [];
    const positions: number[] = [];
    fields.forEach((field, i) => {
      if (field.dataTypeID === PG_CHAR) {
        field.dataTypeID = PG_TEXT;
        positions.push(i);
      }
    });
    if (typeof sql === 'string' && positions.length > 0) this.bySql.set(sql, positions);
    return result;
  }

  apply(query: SqlQuery, result: SqlResultSet): SqlResultSet {
    for (const i of this.bySql.get(query.sql) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    return result;
  }

  patchClient(client: pg.PoolClient): void {
    const target = client as unknown as { query: QueryFn };
    const original = target.query.bind(client) as QueryFn;
    target.query = (...args: unknown[]): unknown => {
      const first = args[0];
      const sql = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
      const callback = args[args.length - 1];
      if (typeof callback === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) =>
          (callback as QueryFn)(err, err ? res : this.record(sql, res));
        return original(...args);
      }
      const ret = original(...args);
      return ret instanceof Promise ? ret.then((res: unknown) => this.record(sql, res)) : ret;
    };
  }

  wrap<T extends SqlQueryable>(queryable: T): T {
    const queryRaw = queryable.queryRaw.bind(queryable);
    return Object.assign(queryable, {
      queryRaw: async (query: SqlQuery) => this.apply(query, await queryRaw(query)),
    });
  }
}

export function catalogFriendlyPool(config: pg.PoolConfig, chars: CharColumns): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on('connect', (client) => chars.patchClient(client));
  return pool;
}

/** The adapter with "char" columns typed for the engine, transactions included. */
export function withCharColumns(adapter: SqlDriverAdapter, chars: CharColumns): SqlDriverAdapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  chars.wrap(adapter);
  return Object.assign(adapter, {
    startTransaction: async (...args: Parameters<SqlDriverAdapter['startTransaction']>) =>
      chars.wrap(await startTransaction(...args)),
  });
}
