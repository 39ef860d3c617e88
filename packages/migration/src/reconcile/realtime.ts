/**
 * Realtime reconciliation of one key (DESIGN §7.1, seed 001 §8.3.3.1): read both sides,
 * compare, repair the stale side by CAS; a CAS that loses to a concurrent write re-reads
 * and tries again (steps 1–3, up to `attempts` times). I/O errors propagate: the caller
 * queues the key for delayed retry.
 */
import type { MigrationRuntime } from '../shared/runtime.ts';
import { keyText, type Side } from '../shared/types.ts';
import { repairKey, type RepairResult } from './repair-key.ts';

export async function reconcileKeyNow(
  rt: MigrationRuntime,
  key: Buffer,
  truth: Side,
  attempts = 3,
): Promise<RepairResult> {
  const valueFormat = rt.scope.classify(keyText(key))?.valueFormat ?? 'plain';
  let result: RepairResult = { outcome: 'conflict', wrote: null, rule: null };
  for (let i = 0; i < attempts && result.outcome === 'conflict'; i++) {
    result = await repairKey(rt.pair, key, { truth, valueFormat });
  }
  return result;
}
