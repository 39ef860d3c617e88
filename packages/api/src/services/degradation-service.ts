/**
 * Degradation (random drop ratios per caller and per hot key, DESIGN §3/§8). Changes
 * publish at once, like failover. Ratio 0 removes the rule; expired rules are dropped on
 * the next publish (and the proxy ignores them itself by expiresAt).
 */
import { compileKeyTypes, type TConfigSnapshot } from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { notifyDropRule } from './notify/notify.ts';
import { publishChange } from './publish-change.ts';
import { latestSnapshot } from './publish-service.ts';

export interface DropRuleInput {
  ratio: number;
  expiresInMinutes?: number;
  reason: string;
  /** An admin's reason to publish despite breached safety rules. */
  breakGlassReason?: string | undefined;
}

/** Removing a rule only lowers drops, so it is never held up by the safety rules (it may be the fix). */
const safetyOf = (action: string, target: string, input: DropRuleInput) =>
  input.ratio === 0 ? {} : { safety: { action, target, breakGlassReason: input.breakGlassReason } };

const expiresAt = (minutes: number | undefined, now: Date): string | undefined =>
  minutes === undefined ? undefined : new Date(now.getTime() + minutes * 60_000).toISOString();

export async function listDegradation(db: Db, now = new Date()) {
  const { version, snapshot } = await latestSnapshot(db);
  const active = (r: { expiresAt?: string | undefined }): boolean =>
    !r.expiresAt || Date.parse(r.expiresAt) > now.getTime();
  const view = <T extends { expiresAt?: string | undefined }>(r: T) => ({
    ...r,
    expiresAt: r.expiresAt ?? null,
    active: active(r),
  });
  return { version, callers: snapshot.degradation.callers.map(view), keys: snapshot.degradation.keys.map(view) };
}

export function setCallerRule(
  s: TConfigSnapshot,
  caller: string,
  ratio: number,
  until: string | undefined,
): TConfigSnapshot {
  const others = s.degradation.callers.filter((r) => r.caller !== caller);
  const callers = ratio === 0 ? others : [...others, { caller, ratio, ...(until ? { expiresAt: until } : {}) }];
  return { ...s, degradation: { ...s.degradation, callers } };
}

export function setKeyRule(s: TConfigSnapshot, key: string, ratio: number, until: string | undefined): TConfigSnapshot {
  const others = s.degradation.keys.filter((r) => r.key !== key);
  const keys = ratio === 0 ? others : [...others, { key, ratio, ...(until ? { expiresAt: until } : {}) }];
  return { ...s, degradation: { ...s.degradation, keys } };
}

export async function setCallerDrop(db: Db, actor: Actor, input: DropRuleInput & { caller: string }) {
  const { snapshot } = await latestSnapshot(db);
  if (!snapshot.callers.some((c) => c.name === input.caller)) {
    const error = apiError('NOT_FOUND', `unknown caller '${input.caller}'`);
    await writeAudit(db, {
      actor: actor.email,
      action: 'degradation.setCaller',
      target: input.caller,
      reason: input.reason,
      outcome: 'error',
      after: { error: error.code, message: error.message },
    });
    throw error;
  }
  const until = expiresAt(input.expiresInMinutes, new Date());
  const action = input.ratio === 0 ? 'degradation.clearCaller' : 'degradation.setCaller';
  const published = await publishChange(
    db,
    actor,
    { action, target: input.caller, reason: input.reason, ...safetyOf(action, input.caller, input) },
    (s) => setCallerRule(s, input.caller, input.ratio, until),
  );
  await notifyDropRule(db, {
    kind: 'caller',
    target: input.caller,
    ratio: input.ratio,
    expiresAt: until ?? null,
    actor: actor.email,
    reason: input.reason,
  });
  return { version: published.version, draftRevision: published.draftRevision };
}

/**
 * The proxy refuses every request for a key no key type matches (NO_KEY_TYPE), whether a
 * drop rule drew it or not, so such a rule is almost always a typo. It is still published (clearing one must
 * work, and a key type for it may be on its way), with a warning that says so.
 */
function unmatchedKeyWarning(snapshot: TConfigSnapshot, key: string, ratio: number): string | undefined {
  if (ratio === 0 || compileKeyTypes(snapshot.keyTypes).match(key)) return undefined;
  return `'${key}' matches no key type: the proxy refuses every request for it anyway (NO_KEY_TYPE). Check the key's spelling with the route preview on the Tools page`;
}

export async function setKeyDrop(db: Db, actor: Actor, input: DropRuleInput & { key: string }) {
  const until = expiresAt(input.expiresInMinutes, new Date());
  const action = input.ratio === 0 ? 'degradation.clearKey' : 'degradation.setKey';
  const published = await publishChange(
    db,
    actor,
    { action, target: input.key, reason: input.reason, ...safetyOf(action, input.key, input) },
    (s) => setKeyRule(s, input.key, input.ratio, until),
  );
  await notifyDropRule(db, {
    kind: 'key',
    target: input.key,
    ratio: input.ratio,
    expiresAt: until ?? null,
    actor: actor.email,
    reason: input.reason,
  });
  // The config just published, not a re-read: no extra round trip and parse on the operator's wait.
  const warning = unmatchedKeyWarning(published.snapshot, input.key, input.ratio);
  return { version: published.version, draftRevision: published.draftRevision, ...(warning ? { warning } : {}) };
}
