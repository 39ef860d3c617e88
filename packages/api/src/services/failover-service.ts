/** Region failover: status, impact preview with interlocks, and the switch itself. */
import type { TConfigSnapshot } from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { keyMoves, type TKeyMove } from './failover-impact.ts';
import { affectedCodes, interlocks, mirrorStatus, withOverride, type TInterlock, type TMirrorStatus } from './failover-plan.ts';
import { publishChange } from './publish-change.ts';
import { latestSnapshot } from './publish-service.ts';
import { promote, setReplicaReadOnly } from './redis-admin.ts';

async function mirrorsOf(snapshot: TConfigSnapshot, from: string, to: string | null, timeoutMs: number): Promise<TMirrorStatus[]> {
  const regions = to ? [to] : snapshot.regions.map((r) => r.name).filter((r) => r !== from);
  const probes = regions.flatMap((region) =>
    affectedCodes(snapshot, from, region).flatMap((c) => (c.mirror ? [mirrorStatus(c, c.mirror, timeoutMs)] : [])),
  );
  return Promise.all(probes);
}

export async function failoverStatus(deps: ApiDeps) {
  const { version, snapshot } = await latestSnapshot(deps.db);
  const regions = await Promise.all(
    snapshot.regions.map(async (r) => {
      const override = snapshot.failover.find((o) => o.from === r.name) ?? null;
      const mirrors = await mirrorsOf(snapshot, r.name, override?.to ?? null, deps.options.redisTimeoutMs);
      return { region: r.name, label: r.label ?? null, override: override && { to: override.to, reason: override.reason ?? null, since: override.since ?? null }, mirrors };
    }),
  );
  return { version, regions };
}

export interface TFailoverPreview {
  from: string;
  to: string;
  basedOnVersion: number;
  codes: { code: number; identity: string; fromInstance: string; toInstance: string | null }[];
  keys: TKeyMove[];
  mirrors: TMirrorStatus[];
  interlocks: TInterlock[];
  /** True when no interlock stands in the way; soft ones can be overridden with a reason. */
  allowed: boolean;
  overridable: boolean;
}

export async function previewFailover(deps: ApiDeps, from: string, to: string, now = new Date()): Promise<TFailoverPreview> {
  const { version, snapshot } = await latestSnapshot(deps.db);
  const mirrors = from === to ? [] : await mirrorsOf(snapshot, from, to, deps.options.redisTimeoutMs);
  const locks = interlocks(snapshot, from, to, mirrors, now);
  const codes = affectedCodes(snapshot, from, to).map((c) => ({ code: c.code, identity: c.identity, fromInstance: c.home.name, toInstance: c.mirror?.name ?? null }));
  const keys = locks.some((l) => l.code === 'SELF' || l.code === 'UNKNOWN_REGION') ? [] : keyMoves(snapshot, withOverride(snapshot, from, to, 'preview', now), now);
  return { from, to, basedOnVersion: version, codes, keys, mirrors, interlocks: locks, allowed: locks.length === 0, overridable: locks.every((l) => l.overridable) };
}

export interface TStepReport {
  step: string;
  target: string;
  ok: boolean;
  message: string;
}

export interface FailoverSetInput {
  from: string;
  to: string;
  reason: string;
  confirmRegion: string;
  overrideInterlocks?: { reason: string };
}

export async function setFailover(deps: ApiDeps, actor: Actor, input: FailoverSetInput) {
  const entry = { actor: actor.email, action: 'failover.set', target: `${input.from}→${input.to}`, reason: input.reason };
  if (input.confirmRegion !== input.from) {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { error: 'FAILOVER_CONFIRM' } });
    throw apiError('FAILOVER_CONFIRM', `confirmRegion must be '${input.from}' (the region you switch away from)`);
  }
  const now = new Date();
  const preview = await previewFailover(deps, input.from, input.to, now);
  const blocking = preview.interlocks.filter((l) => !l.overridable || !input.overrideInterlocks);
  if (blocking.length > 0) {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { interlocks: preview.interlocks } });
    throw apiError('FAILOVER_INTERLOCK', blocking.map((l) => l.message).join('; '), preview.interlocks);
  }
  const overridden = input.overrideInterlocks ? { overriddenInterlocks: preview.interlocks, overrideReason: input.overrideInterlocks.reason } : {};
  const timeoutMs = deps.options.redisTimeoutMs;
  const step = (name: string, target: string, run: () => Promise<unknown>): Promise<TStepReport> =>
    auditedStep(deps, actor, { step: name, target, reason: input.reason }, run);
  const steps: TStepReport[] = [];
  // Workers apply the publish at different moments, some before the promotion below: open the
  // mirrors for writes first, so an early worker's writes land instead of failing READONLY
  // (the failover-under-load drill saw 6–7 such failures per switch). The mirrors keep
  // replicating the homes meanwhile, so writes from workers that have not switched yet arrive too.
  const { snapshot: current } = await latestSnapshot(deps.db);
  for (const c of affectedCodes(current, input.from, input.to)) {
    const mirror = c.mirror;
    if (mirror) steps.push(await step('open-writes', mirror.name, () => setReplicaReadOnly(mirror, false, timeoutMs)));
  }
  const published = await publishChange(deps.db, actor, { ...entry, auditExtra: overridden }, (s) => withOverride(s, input.from, input.to, input.reason, now));
  // Writes now route to the mirrors: make them masters, then read-only again for the day they
  // replicate once more (failback).
  for (const c of affectedCodes(published.snapshot, input.from, input.to)) {
    const mirror = c.mirror;
    if (!mirror) continue;
    steps.push(await step('promote', mirror.name, () => promote(mirror, timeoutMs)));
    steps.push(await step('restore-read-only', mirror.name, () => setReplicaReadOnly(mirror, true, timeoutMs)));
  }
  return { version: published.version, hash: published.hash, draftRevision: published.draftRevision, steps };
}

/** Runs one Redis step, audits it as its own entry, and reports instead of throwing. */
export async function auditedStep(deps: ApiDeps, actor: Actor, step: { step: string; target: string; reason: string }, run: () => Promise<unknown>): Promise<TStepReport> {
  let report: TStepReport;
  try {
    await run();
    report = { step: step.step, target: step.target, ok: true, message: 'done' };
  } catch (error) {
    report = { step: step.step, target: step.target, ok: false, message: (error as Error).message };
  }
  await writeAudit(deps.db, { actor: actor.email, action: `failover.step.${step.step}`, target: step.target, reason: step.reason, after: report, outcome: report.ok ? 'ok' : 'error' });
  return report;
}
