/**
 * The capacity side of a drop change (issue 18): the load the caller or key offers over the
 * last minutes of heartbeats, what the rule drops today and would drop after the change, and
 * the safety rules evaluated on the result, as the apply would. Nothing here writes.
 */
import type { Db } from '../../db.ts';
import type { TPreviewDropRequest, TPreviewDropResponse } from '../../routers/degradation/preview-drop.types.ts';
import { setCallerRule, setKeyRule } from '../degradation-service.ts';
import { latestSnapshot } from '../publish-service.ts';
import { checkRules } from './safety-service.ts';
import { recentTraffic } from './traffic-impact.ts';

const WINDOW_SEC = 300;
const round = (n: number): number => Math.round(n * 100) / 100;

export async function previewDrop(db: Db, input: TPreviewDropRequest, now = new Date()): Promise<TPreviewDropResponse> {
  const { snapshot } = await latestSnapshot(db);
  const active = (r: { expiresAt?: string | undefined }): boolean =>
    !r.expiresAt || Date.parse(r.expiresAt) > now.getTime();
  const { callers, hot } = await recentTraffic(db, WINDOW_SEC, now);
  const isCaller = input.kind === 'caller';
  const target = isCaller ? input.caller : input.key;
  const rules = isCaller
    ? snapshot.degradation.callers.filter((r) => r.caller === target)
    : snapshot.degradation.keys.filter((r) => r.key === target);
  const currentRatio = rules.find(active)?.ratio ?? 0;
  const offered = isCaller ? (callers.get(target) ?? 0) : (hot.get(target) ?? null);
  const until =
    input.expiresInMinutes === undefined
      ? undefined
      : new Date(now.getTime() + input.expiresInMinutes * 60_000).toISOString();
  const after = isCaller
    ? setCallerRule(snapshot, target, input.ratio, until)
    : setKeyRule(snapshot, target, input.ratio, until);
  return {
    kind: input.kind,
    target,
    ratio: input.ratio,
    currentRatio,
    windowSec: WINDOW_SEC,
    offeredQps: offered === null ? null : round(offered),
    qpsCutNow: offered === null ? null : round(offered * currentRatio),
    qpsCutAfter: offered === null ? null : round(offered * input.ratio),
    // As at apply time: removing a rule is never held up.
    rules: input.ratio === 0 ? [] : await checkRules(db, { after, now }),
  };
}
