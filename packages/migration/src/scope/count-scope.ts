/**
 * How many keys a migration would move, for the create preview: SCAN the source (every
 * master of a cluster) and classify each key with the migration's scope, up to `limit`
 * scanned keys. Past the limit the count is extrapolated from DBSIZE, and says so.
 */
import { scanTargets, type DataClient } from '../shared/data-client.ts';
import { keyText, type KeyScope } from '../shared/types.ts';

export interface ScopeCount {
  /** Keys scanned on the source. */
  scanned: number;
  /** Of those, in the migration's scope. */
  inScope: number;
  /** DBSIZE of the source (summed over masters). */
  sourceKeys: number;
  /** inScope when exact; else inScope / scanned × sourceKeys, rounded. */
  estimate: number;
  /** true when the whole source was scanned. */
  exact: boolean;
}

export async function countInScope(source: DataClient, scope: KeyScope, limit: number): Promise<ScopeCount> {
  let scanned = 0;
  let inScope = 0;
  let sourceKeys = 0;
  let exact = true;
  for (const { client } of scanTargets(source)) {
    sourceKeys += await client.dbsize();
    let cursor = '0';
    do {
      if (scanned >= limit) {
        exact = false;
        break;
      }
      const [next, keys] = await client.scanBuffer(cursor, 'COUNT', Math.min(1000, Math.max(10, limit)));
      cursor = next.toString();
      scanned += keys.length;
      for (const k of keys) if (scope.classify(keyText(k)) !== null) inScope++;
    } while (cursor !== '0');
  }
  const estimate = exact || scanned === 0 ? inScope : Math.round((inScope / scanned) * sourceKeys);
  return { scanned, inScope, sourceKeys, estimate, exact };
}
