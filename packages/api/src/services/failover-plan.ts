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
}

export interface TInterlock {
  code: 'SELF' | 'UNKNOWN_REGION' | 'ALREADY_FAILED_OVER' | 'INVALID_RESULT' | 'MIRROR_DOWN' | 'MIRROR_UNLINKED';
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
      return [{ code: c.code, identity: c.identity, home, mirror: mirrorName ? (byName.get(mirrorName) ?? null) : null }];
    });
}

export function withOverride(snapshot: TConfigSnapshot, from: string, to: string, reason: string, now: Date): TConfigSnapshot {
  return { ...snapshot, failover: [...snapshot.failover.filter((o) => o.from !== from), { from, to, reason, since: now.toISOString() }] };
}

export const withoutOverride = (snapshot: TConfigSnapshot, from: string): TConfigSnapshot => ({ ...snapshot, failover: snapshot.failover.filter((o) => o.from !== from) });

export async function mirrorStatus(code: AffectedCode, mirror: TInstance, timeoutMs: number): Promise<TMirrorStatus> {
  const [m, h] = await Promise.all([probeReplication(mirror, timeoutMs), probeReplication(code.home, timeoutMs)]);
  return { code: code.code, identity: code.identity, home: code.home.name, instance: mirror.name, region: mirror.region, ...linkOf(m, h) };
}

function linkOf(mirror: ReplicationInfo, home: ReplicationInfo): Pick<TMirrorStatus, 'reachable' | 'linkStatus' | 'lagBytes' | 'error'> {
  if (!mirror.reachable) return { reachable: false, linkStatus: null, lagBytes: null, error: mirror.error };
  const linkStatus = mirror.role === 'master' ? 'master' : mirror.masterLinkStatus;
  const lagBytes = home.reachable && home.offset !== null && mirror.offset !== null && linkStatus !== 'master' ? Math.max(0, home.offset - mirror.offset) : null;
  return { reachable: true, linkStatus, lagBytes, error: null };
}

export function interlocks(snapshot: TConfigSnapshot, from: string, to: string, mirrors: readonly TMirrorStatus[], now: Date): TInterlock[] {
  const regions = new Set(snapshot.regions.map((r) => r.name));
  const found: TInterlock[] = [];
  if (from === to) return [{ code: 'SELF', message: `cannot fail ${from} over into itself`, overridable: false }];
  for (const region of [from, to]) {
    if (!regions.has(region)) found.push({ code: 'UNKNOWN_REGION', message: `unknown region '${region}'`, overridable: false });
  }
  if (found.length > 0) return found;
  const existing = snapshot.failover.find((o) => o.from === from);
  if (existing) found.push({ code: 'ALREADY_FAILED_OVER', message: `${from} is already failed over to ${existing.to}; clear it first`, overridable: false });
  // Everything the config itself forbids: chained overrides, a code without a mirror in `to`…
  for (const problem of validateSnapshot(withOverride(snapshot, from, to, '', now))) {
    if (problem.path[0] === 'failover') found.push({ code: 'INVALID_RESULT', message: `${problem.message}: a code would have no serving region`, overridable: false });
  }
  for (const m of mirrors) {
    if (!m.reachable) found.push({ code: 'MIRROR_DOWN', message: `mirror ${m.instance} of code ${m.code} is unreachable (${m.error ?? 'no answer'})`, overridable: true });
    else if (m.linkStatus === 'down') found.push({ code: 'MIRROR_UNLINKED', message: `mirror ${m.instance} of code ${m.code} has lost its link to ${m.home}`, overridable: true });
  }
  return found;
}
