/**
 * `notify(db, event)` for the API services, and the events they raise: failover/failback
 * finished, drop rules and hot-key throttles set or cleared (and expired, found by the sender
 * loop). The write-log
 * lag notice is the migrator's, which computes the lag (apps/migrator/src/notify.ts).
 * Enqueueing never fails the action it reports: errors are returned as `false` and the caller
 * carries on (the action itself is already audited).
 */
import { enqueueNotification, type TNotificationEvent } from '@switchyard/db/notify';
import type { Db, DbTx } from '../../db.ts';

export async function notify(db: Db | DbTx, event: TNotificationEvent): Promise<boolean> {
  try {
    await enqueueNotification(db, event);
    return true;
  } catch {
    return false;
  }
}

export function notifyWorkflowFinished(
  db: Db,
  wf: { id: string; kind: string; region: string; target: string; actor: string; reason: string },
  state: string,
  error: string | null,
): Promise<boolean> {
  const kind = wf.kind === 'failback' ? 'failback' : 'failover';
  const ok = state === 'done';
  const what = kind === 'failover' ? `${wf.region} → ${wf.target}` : `${wf.target} → ${wf.region}`;
  return notify(db, {
    type: kind === 'failover' ? 'failover.finished' : 'failback.finished',
    severity: ok ? 'warning' : 'critical',
    title: `${kind === 'failover' ? 'Failover' : 'Failback'} ${what} ${state}`,
    summary: ok
      ? `${kind} ${wf.id} finished: traffic of ${wf.region} is served by ${kind === 'failover' ? wf.target : wf.region}`
      : `${kind} ${wf.id} ended ${state}: ${error ?? 'see the Failover page'}`,
    fields: {
      workflow: wf.id,
      kind,
      region: wf.region,
      target: wf.target,
      state,
      actor: wf.actor,
      reason: wf.reason,
      error,
    },
    at: new Date().toISOString(),
  });
}

export function notifyDropRule(
  db: Db,
  change: {
    kind: 'caller' | 'key';
    target: string;
    ratio: number;
    expiresAt: string | null;
    actor: string;
    reason: string;
    expired?: boolean;
  },
): Promise<boolean> {
  const type = change.expired ? 'droprule.expired' : change.ratio === 0 ? 'droprule.cleared' : 'droprule.set';
  const verb =
    type === 'droprule.set'
      ? `set to drop ${Math.round(change.ratio * 100)}%`
      : type === 'droprule.cleared'
        ? 'cleared'
        : 'expired';
  return notify(db, {
    type,
    severity: type === 'droprule.set' ? 'warning' : 'info',
    title: `Drop rule for ${change.kind} ${change.target} ${verb}`,
    summary:
      type === 'droprule.set'
        ? `requests of ${change.kind} ${change.target} are dropped at ratio ${change.ratio}${change.expiresAt ? ` until ${change.expiresAt}` : ' until cleared'}`
        : `requests of ${change.kind} ${change.target} are no longer dropped`,
    fields: {
      kind: change.kind,
      target: change.target,
      ratio: change.ratio,
      expiresAt: change.expiresAt,
      actor: change.actor,
      reason: change.reason,
    },
    at: new Date().toISOString(),
  });
}

/** A hot-key throttle set, cleared or expired (seed 003 level 1): shaped like the drop-rule notices. */
export function notifyThrottle(
  db: Db,
  change: {
    key: string;
    qps: number | null;
    expiresAt: string | null;
    actor: string;
    reason: string;
    state: 'set' | 'cleared' | 'expired';
  },
): Promise<boolean> {
  const { key, state } = change;
  return notify(db, {
    type: `throttle.${state}`,
    severity: state === 'set' ? 'warning' : 'info',
    title: state === 'set' ? `Throttle for key ${key} set to ${change.qps} qps` : `Throttle for key ${key} ${state}`,
    summary:
      state === 'set'
        ? `requests for key ${key} above ${change.qps} per second per worker are refused${change.expiresAt ? ` until ${change.expiresAt}` : ' until cleared'}`
        : `requests for key ${key} are no longer throttled`,
    fields: {
      key,
      target: key,
      qps: change.qps,
      expiresAt: change.expiresAt,
      actor: change.actor,
      reason: change.reason,
    },
    at: new Date().toISOString(),
  });
}

/** A break-glass override of the safety rules (issue 18): loud, so everyone on the webhooks sees it. */
export function notifyBreakGlass(
  db: Db | DbTx,
  o: { actor: string; action: string; target: string; reason: string; rules: readonly string[] },
): Promise<boolean> {
  return notify(db, {
    type: 'safety.breakglass',
    severity: 'critical',
    title: `Safety rules overridden: ${o.action} ${o.target}`,
    summary: `${o.actor} broke the glass on ${o.rules.join(', ')}: ${o.reason}`,
    fields: { actor: o.actor, action: o.action, target: o.target, rules: o.rules.join(', '), reason: o.reason },
    at: new Date().toISOString(),
  });
}
