/**
 * Hot-key throttles (seed 003 level 1): a per-key QPS limit per worker process, with an
 * optional expiry, next to the drop rules in the published degradation config. Changes
 * publish at once and are audited, like drop rules; qps 0 is not a rule, clearing removes it.
 */
import { compileKeyTypes, type TConfigSnapshot } from '@switchyard/core';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { notifyThrottle } from './notify/notify.ts';
import { publishChange } from './publish-change.ts';
import { latestSnapshot } from './publish-service.ts';

export interface ThrottleInput {
  key: string;
  qps: number;
  expiresInMinutes?: number;
  reason: string;
}

function withThrottle(
  s: TConfigSnapshot,
  key: string,
  rule: { qps: number; expiresAt?: string } | null,
): TConfigSnapshot {
  const others = (s.degradation.throttles ?? []).filter((r) => r.key !== key);
  const throttles = rule === null ? others : [...others, { key, ...rule }];
  return { ...s, degradation: { ...s.degradation, throttles } };
}

export async function listThrottles(db: Db, now = new Date()) {
  const { version, snapshot } = await latestSnapshot(db);
  const throttles = (snapshot.degradation.throttles ?? []).map((r) => ({
    key: r.key,
    qps: r.qps,
    expiresAt: r.expiresAt ?? null,
    active: !r.expiresAt || Date.parse(r.expiresAt) > now.getTime(),
  }));
  return { version, throttles, autoThrottle: snapshot.degradation.autoThrottle ?? null };
}

/** Automatic throttling of keys detected above a threshold (per worker); null turns it off. */
export async function setAutoThrottle(
  db: Db,
  actor: Actor,
  input: { auto: { aboveQps: number; qps: number } | null; reason: string },
) {
  const action = input.auto === null ? 'degradation.clearAutoThrottle' : 'degradation.setAutoThrottle';
  const target = input.auto === null ? 'auto' : `auto above ${input.auto.aboveQps} qps → ${input.auto.qps} qps`;
  const published = await publishChange(db, actor, { action, target, reason: input.reason }, (s) => {
    const { autoThrottle: _old, ...rest } = s.degradation;
    return { ...s, degradation: input.auto === null ? rest : { ...rest, autoThrottle: input.auto } };
  });
  return { version: published.version, draftRevision: published.draftRevision };
}

export async function setThrottle(db: Db, actor: Actor, input: ThrottleInput) {
  const until =
    input.expiresInMinutes === undefined
      ? undefined
      : new Date(Date.now() + input.expiresInMinutes * 60_000).toISOString();
  const rule = { qps: input.qps, ...(until ? { expiresAt: until } : {}) };
  const published = await publishChange(
    db,
    actor,
    { action: 'degradation.setThrottle', target: input.key, reason: input.reason },
    (s) => withThrottle(s, input.key, rule),
  );
  await notifyThrottle(db, {
    key: input.key,
    qps: input.qps,
    expiresAt: until ?? null,
    actor: actor.email,
    reason: input.reason,
    state: 'set',
  });
  const { snapshot } = await latestSnapshot(db);
  // Same reasoning as drop rules: a key no key type matches is refused anyway, so say so.
  const warning = compileKeyTypes(snapshot.keyTypes).match(input.key)
    ? undefined
    : `'${input.key}' matches no key type: the proxy refuses every request for it anyway (NO_KEY_TYPE). Check the key's spelling with the route preview on the Tools page`;
  return { version: published.version, draftRevision: published.draftRevision, ...(warning ? { warning } : {}) };
}

export async function clearThrottle(db: Db, actor: Actor, input: { key: string; reason: string }) {
  const published = await publishChange(
    db,
    actor,
    { action: 'degradation.clearThrottle', target: input.key, reason: input.reason },
    (s) => withThrottle(s, input.key, null),
  );
  await notifyThrottle(db, {
    key: input.key,
    qps: null,
    expiresAt: null,
    actor: actor.email,
    reason: input.reason,
    state: 'cleared',
  });
  return { version: published.version, draftRevision: published.draftRevision };
}
