/**
 * What a region switch `from → to` touches, and whether it is safe (DESIGN §1, 001 §6.6):
 * the codes homed in `from`, their home and mirror instances, the mirrors' replication
 * health, and the interlocks. Hard interlocks can never be overridden; soft ones (a mirror
 * down or unlinked) can, with a reason, because a dead home region unlinks every mirror.
 */
import { validateSnapshot, type TConfigSnapshot, type TInstance } from '@switchyard/core';
import { probeReplication, type ReplicationInfo } from './redis-admin.ts';

export interface TMirrorStatus {
  code: number;
  identity: string;
  home: string;
  instance: string;
  region: string;
  reachable: boolean;
  /** `up`/`down` for a replica; `master` once promoted; null when unreachable. */
  linkStatus: 'up' | 'down' | 'master' | null;
  /** Home offset minus mirror offset; null when either side cannot be read. */
  lagBytes: number | null;
  error: string | null;
  /** Name of the instance the mirror replicates (by address), null when unknown or not a replica. */
  replicates: string | null;
}

export type TInterlockCode =
  | 'SELF'
  | 'UNKNOWN_REGION'
  | 'ALREADY_FAILED_OVER'
  | 'INVALID_RESULT'
  | 'MIRROR_DOWN'
  | 'MIRROR_UNLINKED'
  | 'MIRROR_WRONG_MASTER'
  | 'WORKFLOW_UNFINISHED'
  | 'MIGRATION_ACTIVE'
  | 'MIGRATION_CUTOVER'
  | 'MIGRATION_SCOPED_DONE'
  | 'WRITE_LOG_LAG'
  | 'WRITE_LOG_UNKNOWN';

export interface TInterlock {
  code: TInterlockCode;
  message: string;
  overridable: boolean;
}

export interface AffectedCode {
  code: number;
  identity: string;
  home: TInstance;
  mirror: TInstance | null;
}

export function affectedCodes(snapshot: TConfigSnapshot, from: string, to: string): AffectedCode[] {
  const byName = new Map(snapshot.instances.map((i) => [i.name, i]));
  return snapshot.codes
    .filter((c) => c.homeRegion === from)
    .flatMap((c) => {
      const home = byName.get(c.instances[from] ?? '');
      if (!home) return [];
      const mirrorName = c.instances[to];
      return [
        { code: c.code, identity: c.identity, home, mirror: mirrorName ? (byName.get(mirrorName) ?? null) : null },
      ];
    });
}

export function withOverride(
  snapshot: TConfigSnapshot,
  from: string,
  to: string,
  reason: string,
  now: Date,
): TConfigSnapshot {
  return {
    ...snapshot,
    failover: [...snapshot.failover.filter((o) => o.from !== from), { from, to, reason, since: now.toISOString() }],
  };
}

export const withoutOverride = (snapshot: TConfigSnapshot, from: string): TConfigSnapshot => ({
  ...snapshot,
  failover: snapshot.failover.filter((o) => o.from !== from),
});

export async function mirrorStatus(
  code: AffectedCode,
  mirror: TInstance,
  timeoutMs: number,
  instances: readonly TInstance[] = [],
): Promise<TMirrorStatus> {
  const [m, h] = await Promise.all([probeReplication(mirror, timeoutMs), probeReplication(code.home, timeoutMs)]);
  const replicates =
    m.role === 'slave'
      ? (instances.find((i) => i.addresses.some((a) => a.port === m.masterPort && sameHost(a.host, m.masterHost)))
          ?.name ?? `${m.masterHost ?? '?'}:${m.masterPort ?? '?'}`)
      : null;
  return {
    code: code.code,
    identity: code.identity,
    home: code.home.name,
    instance: mirror.name,
    region: mirror.region,
    ...linkOf(m, h),
    replicates,
  };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const sameHost = (a: string, b: string | null): boolean =>
  b !== null && (a === b || (LOOPBACK.has(a) && LOOPBACK.has(b)));

function linkOf(
  mirror: ReplicationInfo,
  home: ReplicationInfo,
): Pick<TMirrorStatus, 'reachable' | 'linkStatus' | 'lagBytes' | 'error'> {
  if (!mirror.reachable) return { reachable: false, linkStatus: null, lagBytes: null, error: mirror.error };
  const linkStatus = mirror.role === 'master' ? 'master' : mirror.masterLinkStatus;
  const lagBytes =
    home.reachable && home.offset !== null && mirror.offset !== null && linkStatus !== 'master'
      ? Math.max(0, home.offset - mirror.offset)
      : null;
  return { reachable: true, linkStatus, lagBytes, error: null };
}

export function interlocks(
  snapshot: TConfigSnapshot,
  from: string,
  to: string,
  mirrors: readonly TMirrorStatus[],
  now: Date,
): TInterlock[] {
  const regions = new Set(snapshot.regions.map((r) => r.name));
  const found: TInterlock[] = [];
  if (from === to) return [{ code: 'SELF', message: `cannot fail ${from} over into itself`, overridable: false }];
  for (const region of [from, to]) {
    if (!regions.has(region))
      found.push({ code: 'UNKNOWN_REGION', message: `unknown region '${region}'`, overridable: false });
  }
  if (found.length > 0) return found;
  const existing = snapshot.failover.find((o) => o.from === from);
  if (existing)
    found.push({
      code: 'ALREADY_FAILED_OVER',
      message: `${from} is already failed over to ${existing.to}; clear it first`,
      overridable: false,
    });
  // Everything the config itself forbids: chained overrides, a code without a mirror in `to`…
  for (const problem of validateSnapshot(withOverride(snapshot, from, to, '', now))) {
    if (problem.path[0] === 'failover')
      found.push({
        code: 'INVALID_RESULT',
        message: `${problem.message}: a code would have no serving region`,
        overridable: false,
      });
  }
  for (const m of mirrors) {
    if (!m.reachable)
      found.push({
        code: 'MIRROR_DOWN',
        message: `mirror ${m.instance} of code ${m.code} is unreachable (${m.error ?? 'no answer'})`,
        overridable: true,
      });
    else if (m.linkStatus === 'down')
      found.push({
        code: 'MIRROR_UNLINKED',
        message: `mirror ${m.instance} of code ${m.code} has lost its link to ${m.home}`,
        overridable: true,
      });
    // A mirror that copies another instance than the code's home would serve stale data (issue 15 finding 1).
    if (m.replicates !== null && m.replicates !== m.home)
      found.push({
        code: 'MIRROR_WRONG_MASTER',
        message: `mirror ${m.instance} of code ${m.code} replicates ${m.replicates}, not the code's home ${m.home}: it does not hold the code's data`,
        overridable: false,
      });
  }
  return [...found, ...migrationInterlocks(snapshot, from)];
}

/**
 * What a failover does to a code mid-migration (docs/WORKFLOWS.md): the override beats the
 * migration, so every key of the code goes to the mirror of its home (the migration's `from`).
 * Up to WRITE_ORDER_SWITCH the old side receives every write, so an operator may override with
 * a reason (the migration must re-backfill afterwards). From STOP_DUAL_WRITE on, some writes
 * reach only the new side, which the mirror does not copy: refused. A scoped DONE migration
 * splits the code over two instances with one mirror: refused too.
 */
export function migrationInterlocks(snapshot: TConfigSnapshot, from: string): TInterlock[] {
  const codes = new Map(snapshot.codes.map((c) => [c.code, c]));
  return snapshot.migrations.flatMap((m): TInterlock[] => {
    if (codes.get(m.code)?.homeRegion !== from || m.phase === 'ABORTED') return [];
    const label = `migration '${m.id}' of code ${m.code} (${m.from}→${m.to}) is in ${m.phase}`;
    if (m.phase === 'DONE')
      return m.scope
        ? [
            {
              code: 'MIGRATION_SCOPED_DONE',
              message: `${label} with a scope: the code lives on two instances but has one mirror per region`,
              overridable: false,
            },
          ]
        : [];
    if (m.phase === 'STOP_DUAL_WRITE')
      return [
        {
          code: 'MIGRATION_CUTOVER',
          message: `${label}: some writes reach only ${m.to}, which the mirror does not copy; finish (DONE) or roll the migration back first`,
          overridable: false,
        },
      ];
    return [
      {
        code: 'MIGRATION_ACTIVE',
        message: `${label}: during the failover its writes reach only the mirror of ${m.from}; roll the migration back to BACKFILL after failback`,
        overridable: true,
      },
    ];
  });
}
