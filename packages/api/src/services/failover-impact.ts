/**
 * Sample-key impact of a switch, computed with the same `routeKey` the proxy uses, so the
 * preview can never disagree with what workers will do: one meeting-ID key per deployed
 * code and one member key per identity, routed before and after the override.
 */
import {
  compileConfig,
  compileLayout,
  dayOf,
  encodeMeetingId,
  isRouteFailure,
  routeKey,
  type TConfigSnapshot,
} from '@switchyard/core';

export interface TKeyMove {
  key: string;
  keyType: string | null;
  code: number | null;
  before: string | null;
  after: string | null;
  moves: boolean;
  reasons: string[];
}

export function sampleKeys(snapshot: TConfigSnapshot, now: Date): string[] {
  const layout = compileLayout(snapshot.layout);
  const day = dayOf(now, snapshot.layout);
  // A fixed random part with a high bit set makes it a "normal" (non-grouped) meeting ID.
  const random = (1n << layout.codeShift) | 0x1234n;
  const meetings = snapshot.deployedCodes.map((code) =>
    encodeMeetingId({ kind: 'normal', code, day, random }, layout).toString(),
  );
  return [...meetings, 'member_1001_0', 'member_1001_1'];
}

function readOf(cfg: ReturnType<typeof compileConfig> | null, key: string) {
  if (!cfg) return null;
  const decision = routeKey(cfg, key);
  return isRouteFailure(decision) ? null : decision;
}

export function keyMoves(before: TConfigSnapshot, after: TConfigSnapshot, now: Date): TKeyMove[] {
  const a = compileConfig(before);
  let b: ReturnType<typeof compileConfig> | null = null;
  try {
    b = compileConfig(after);
  } catch {
    // An invalid result is reported by the interlocks; show keys as "nowhere".
  }
  return sampleKeys(before, now).flatMap((key) => {
    const x = readOf(a, key);
    if (!x) return [];
    const y = readOf(b, key);
    return [
      {
        key,
        keyType: x.keyType,
        code: x.code,
        before: x.read,
        after: y?.read ?? null,
        moves: x.read !== y?.read,
        reasons: [...(y?.reasons ?? [])],
      },
    ];
  });
}
