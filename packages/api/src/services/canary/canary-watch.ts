/**
 * The canary watcher: compares the canaries' heartbeat buckets since the canary started with
 * the rest of the fleet's, then reverts (republishes the stable config), promotes, or waits.
 * Too little canary traffic by the end of the watch reverts too: nothing proved the version
 * safe (fail closed).
 */
import type { Canary } from '@switchyard/db/types';
import type { ApiDeps } from '../../deps.ts';
import { writeAudit } from '../audit-service.ts';
import { parseStoredSnapshot } from '../draft-service.ts';
import { BUCKET_MS } from '../metrics-service.ts';
import { announcePublished } from '../publish-bus.ts';
import { latestVersion, publishVersion } from '../publish-service.ts';
import { canaryView, thresholdsOf } from './canary-service.ts';
import type { TCanaryThresholds } from './canary-types.ts';

interface Side {
  requests: number;
  errors: number;
  drops: number;
  p99: number;
}

async function sidesOf(deps: ApiDeps, c: Canary): Promise<{ canary: Side; rest: Side }> {
  const since = new Date(Math.floor(c.startedAt.getTime() / BUCKET_MS) * BUCKET_MS);
  const rows = await deps.db.metricBucket.findMany({ where: { bucketStart: { gte: since } } });
  const workers = new Set(canaryView(c).workers);
  const empty = (): Side => ({ requests: 0, errors: 0, drops: 0, p99: 0 });
  const out = { canary: empty(), rest: empty() };
  for (const r of rows) {
    const side = workers.has(r.worker) ? out.canary : out.rest;
    side.requests += r.requests;
    side.errors += r.errors;
    side.drops += r.drops;
    side.p99 = Math.max(side.p99, r.p99);
  }
  return out;
}

const rate = (n: number, of: number): number => (of > 0 ? n / of : 0);
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

/** A breach message, null when healthy, or 'undecided' when either side saw too little traffic to compare. */
export function judge(t: TCanaryThresholds, c: Side, r: Side): string | null | 'undecided' {
  if (c.requests < t.minRequests || r.requests < t.minRequests) return 'undecided';
  const breaches: string[] = [];
  const [ce, re] = [rate(c.errors, c.requests), rate(r.errors, r.requests)];
  if (ce - re > t.maxErrorRateDelta) breaches.push(`error rate ${pct(ce)} vs ${pct(re)} on the rest`);
  if (c.p99 > Math.max(r.p99 * t.maxP99Ratio, r.p99 + 5)) breaches.push(`p99 ${c.p99} ms vs ${r.p99} ms`);
  const [cd, rd] = [rate(c.drops, c.requests), rate(r.drops, r.requests)];
  if (cd - rd > t.maxDropRateDelta) breaches.push(`drop rate ${pct(cd)} vs ${pct(rd)}`);
  return breaches.length > 0 ? breaches.join('; ') : null;
}

async function decide(deps: ApiDeps, c: Canary, state: 'promoted' | 'superseded', verdict: string): Promise<void> {
  const { count } = await deps.db.canary.updateMany({
    where: { version: c.version, state: 'watching' },
    data: { state, verdict, decidedAt: new Date() },
  });
  if (count === 0) return;
  await writeAudit(deps.db, {
    actor: 'canary',
    action: `canary.${state === 'promoted' ? 'promote' : 'supersede'}`,
    target: `version ${c.version}`,
    reason: verdict,
    outcome: 'ok',
  });
  // Held polls of the rest of the fleet wake and now get the version.
  if (state === 'promoted') announcePublished(c.version);
}

/** Republishes the stable config as a new version; the canaries (and everyone) move to it. */
async function revert(deps: ApiDeps, c: Canary, verdict: string): Promise<number | null> {
  const version = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.canary.updateMany({
      where: { version: c.version, state: 'watching' },
      data: { state: 'reverted', verdict, decidedAt: new Date() },
    });
    if (count === 0) return null;
    const stable = await tx.configVersion.findUniqueOrThrow({ where: { version: c.stableVersion } });
    const published = await publishVersion(tx, {
      snapshot: parseStoredSnapshot(stable.snapshot),
      author: 'canary',
      reason: `canary v${c.version} reverted: ${verdict}`,
      rolledBackFrom: c.stableVersion,
    });
    await tx.canary.update({ where: { version: c.version }, data: { revertVersion: published.version } });
    await writeAudit(tx, {
      actor: 'canary',
      action: 'canary.revert',
      target: `version ${c.version}`,
      reason: verdict,
      after: { revertVersion: published.version, stableVersion: c.stableVersion },
      outcome: 'ok',
    });
    return published.version;
  });
  if (version !== null) announcePublished(version);
  return version;
}

export async function watchCanaries(deps: ApiDeps, now = new Date()): Promise<{ version: number; outcome: string }[]> {
  const watching = await deps.db.canary.findMany({ where: { state: 'watching' } });
  const latest = (await latestVersion(deps.db))?.version ?? 0;
  const out: { version: number; outcome: string }[] = [];
  for (const c of watching) {
    if (latest !== c.version) {
      await decide(
        deps,
        c,
        'superseded',
        `v${latest} went to the whole fleet (emergency changes such as a failover skip the canary)`,
      );
      out.push({ version: c.version, outcome: 'superseded' });
      continue;
    }
    const sides = await sidesOf(deps, c);
    const verdict = judge(thresholdsOf(c), sides.canary, sides.rest);
    const over = now.getTime() >= c.watchUntil.getTime();
    if (typeof verdict === 'string' && verdict !== 'undecided') {
      await revert(deps, c, verdict);
      out.push({ version: c.version, outcome: 'reverted' });
    } else if (over) {
      if (verdict === null)
        await decide(deps, c, 'promoted', `healthy for the whole watch (${sides.canary.requests} canary requests)`);
      else
        await revert(
          deps,
          c,
          `only ${sides.canary.requests} canary and ${sides.rest.requests} other requests by the end of the watch: too little traffic to judge`,
        );
      out.push({ version: c.version, outcome: verdict === null ? 'promoted' : 'reverted' });
    }
  }
  return out;
}
