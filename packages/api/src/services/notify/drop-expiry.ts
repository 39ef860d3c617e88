/**
 * Drop rules and hot-key throttles expire by time, not by an action anyone takes, so nothing
 * else would announce it: the sender loop looks at the published rules and broadcasts
 * `droprule.expired` / `throttle.expired` once per rule (caller/key + expiresAt). Once per rule across restarts and consoles: a rule counts as
 * announced when an outbox row for it exists, or (no webhook took it) when this process saw it.
 */
import type { Db } from '../../db.ts';
import { latestSnapshot } from '../publish-service.ts';
import { notifyDropRule, notifyThrottle } from './notify.ts';

/** Rules expired at most this long ago are announced; older ones predate the loop. */
const LOOKBACK_MS = 24 * 60 * 60_000;

/** `value`: a drop rule's ratio, a throttle's qps. */
type Rule = { kind: 'caller' | 'key' | 'throttle'; target: string; value: number; expiresAt: string | undefined };

function announce(db: Db, r: Rule & { expiresAt: string }): Promise<boolean> {
  const why = { actor: 'switchyard', reason: 'the rule reached its expiry' };
  if (r.kind === 'throttle')
    return notifyThrottle(db, { key: r.target, qps: r.value, expiresAt: r.expiresAt, ...why, state: 'expired' });
  return notifyDropRule(db, {
    kind: r.kind,
    target: r.target,
    ratio: r.value,
    expiresAt: r.expiresAt,
    ...why,
    expired: true,
  });
}

export async function notifyExpiredDropRules(db: Db, seen: Set<string>, now = new Date()): Promise<number> {
  const { snapshot } = await latestSnapshot(db);
  const rules: Rule[] = [
    ...snapshot.degradation.callers.map((r) => ({
      kind: 'caller' as const,
      target: r.caller,
      value: r.ratio,
      expiresAt: r.expiresAt,
    })),
    ...snapshot.degradation.keys.map((r) => ({
      kind: 'key' as const,
      target: r.key,
      value: r.ratio,
      expiresAt: r.expiresAt,
    })),
    ...(snapshot.degradation.throttles ?? []).map((r) => ({
      kind: 'throttle' as const,
      target: r.key,
      value: r.qps,
      expiresAt: r.expiresAt,
    })),
  ];
  let sent = 0;
  for (const r of rules) {
    if (!r.expiresAt) continue;
    const at = Date.parse(r.expiresAt);
    if (at > now.getTime() || now.getTime() - at > LOOKBACK_MS) continue;
    const id = `${r.kind}:${r.target}:${r.expiresAt}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const known = await db.notificationOutbox.count({
      where: {
        event: r.kind === 'throttle' ? 'throttle.expired' : 'droprule.expired',
        AND: [
          { payload: { path: ['fields', 'target'], equals: r.target } },
          { payload: { path: ['fields', 'expiresAt'], equals: r.expiresAt } },
        ],
      },
    });
    if (known > 0) continue;
    await announce(db, { ...r, expiresAt: r.expiresAt });
    sent++;
  }
  return sent;
}
