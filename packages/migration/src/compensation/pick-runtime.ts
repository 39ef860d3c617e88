/**
 * The proxy's failure seam names instances, not migrations. Several migrations can share an
 * instance pair (different codes, or both halves of a doubling split), so the runtime is the
 * one whose pair matches and whose scope takes the written key.
 */
import type { MigrationRuntime } from '../shared/runtime.ts';
import { keyBuffer, keyText } from '../shared/types.ts';
import { writtenKeys } from './written-keys.ts';

export function pickRuntime(
  runtimes: readonly MigrationRuntime[],
  f: { primary: string; secondary: string; argv: readonly (Buffer | string)[]; keys?: readonly (Buffer | string)[] },
): MigrationRuntime | null {
  const pair = (rt: MigrationRuntime): boolean =>
    (rt.migration.from === f.primary && rt.migration.to === f.secondary) ||
    (rt.migration.to === f.primary && rt.migration.from === f.secondary);
  const candidates = runtimes.filter(pair);
  if (candidates.length <= 1) return candidates[0] ?? null;
  const first = f.keys?.[0] ?? writtenKeys(f.argv.map(keyBuffer))[0];
  if (first === undefined) return candidates[0]!;
  const text = keyText(keyBuffer(first));
  return candidates.find((rt) => rt.scope.classify(text) !== null) ?? candidates[0]!;
}
