/** `syctl failover set <from> <to>` and `syctl failover clear <from>` (DESIGN §10). */
import { ZRegionName } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags, type ApiClient } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

type Step = { step: string; target: string; ok: boolean; message: string };

const WAIT_FLAG = {
  wait: { type: 'string', description: 'wait up to <seconds> for every live worker to apply the new version' },
} as const;
const ZWait = z.coerce.number().positive('wait must be a positive number of seconds').max(600).optional();

/** Polls the fleet until every live worker runs `version` (or newer), or the wait runs out. */
async function waitConverged(api: ApiClient, version: number, seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const { convergence } = await api.fleet.list.query();
    const done = convergence.converged && (convergence.publishedVersion ?? 0) >= version;
    if (done || Date.now() >= deadline) return { ...convergence, converged: done };
    await new Promise((r) => setTimeout(r, 250));
  }
}

function convergenceLine(c: { converged: boolean; live: number; stragglers: string[] }, seconds: number): string {
  if (c.converged) return `converged: all ${c.live} live worker(s) applied it`;
  return `not converged after ${seconds} s${c.stragglers.length ? `: waiting for ${c.stragglers.join(', ')}` : ' (no live workers)'}`;
}
const renderSteps = (steps: readonly Step[]): string =>
  steps
    .map((s) => `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.step.padEnd(15)} ${s.target}${s.ok ? '' : `: ${s.message}`}`)
    .join('\n');

const setCommand = defineCommand({
  path: ['failover', 'set'],
  summary: 'route all traffic of region <from> to region <to> (publishes, promotes mirrors)',
  positionals: ['from', 'to'],
  flags: {
    ...MUTATION_FLAGS,
    ...WAIT_FLAG,
    'override-interlocks': {
      type: 'string',
      description: 'pass soft interlocks (mirror down/unlinked); give the reason',
    },
    'break-glass': {
      type: 'string',
      description: 'admin only: fail over despite breached safety rules; give the reason (audited)',
    },
  },
  args: ZMutationFlags.extend({
    from: ZRegionName,
    to: ZRegionName,
    overrideInterlocks: z.string().min(3).optional(),
    breakGlass: z.string().min(3).optional(),
    wait: ZWait,
  }),
  async run(a, ctx) {
    return withApi(ctx.cwd, async (api) => {
      const preview = await api.failover.preview.query({ from: a.from, to: a.to });
      const plan = [
        `failover ${a.from} → ${a.to} (based on version ${preview.basedOnVersion})`,
        ...preview.codes.map(
          (c) => `  code ${c.code} (${c.identity}): ${c.fromInstance} → ${c.toInstance ?? 'NO MIRROR'}`,
        ),
        ...preview.mirrors.map(
          (m) =>
            `  mirror ${m.instance}: ${m.reachable ? `link ${m.linkStatus}, lag ${m.lagBytes ?? '?'} bytes` : 'UNREACHABLE'}`,
        ),
        ...preview.homes.map((h) => `  old home ${h.home}: ${h.plan}`),
        ...preview.interlocks.map((l) => `  interlock ${l.code}${l.overridable ? ' (overridable)' : ''}: ${l.message}`),
        ...preview.rules.filter((r) => !r.ok).map((r) => `  rule ${r.name}${r.soft ? ' (soft)' : ''}: ${r.message}`),
      ].join('\n');
      const blocked = preview.interlocks.filter((l) => !l.overridable || !a.overrideInterlocks);
      if (blocked.length > 0) throw new CliError('API_ERROR', `${plan}\nrefused by interlocks`, 'FAILOVER_INTERLOCK');
      requireYes(a.yes, plan);
      const result = await api.failover.set.mutate({
        from: a.from,
        to: a.to,
        reason: a.reason,
        confirmRegion: a.from,
        overrideInterlocks: a.overrideInterlocks ? { reason: a.overrideInterlocks } : undefined,
        breakGlassReason: a.breakGlass,
      });
      const failed = result.steps.filter((s) => !s.ok);
      const convergence = a.wait ? await waitConverged(api, result.version, a.wait) : null;
      const tail =
        convergence && a.wait ? convergenceLine(convergence, a.wait) : 'watch convergence with: syctl status';
      const text = `published version ${result.version}: ${a.from} → ${a.to}\n${renderSteps(result.steps)}\n${tail}`;
      if (failed.length > 0)
        throw new CliError('API_ERROR', `${text}\n${failed.length} step(s) failed`, 'FAILOVER_STEP_FAILED');
      if (convergence && !convergence.converged) throw new CliError('API_ERROR', text, 'NOT_CONVERGED');
      return { json: { ...result, from: a.from, to: a.to, preview, convergence }, text };
    });
  },
});

const clearCommand = defineCommand({
  path: ['failover', 'clear'],
  summary: 'fail region <from> back home: resync, publish the route back, restore replication',
  positionals: ['from'],
  flags: { ...MUTATION_FLAGS, ...WAIT_FLAG },
  args: ZMutationFlags.extend({ from: ZRegionName, wait: ZWait }),
  async run(a, ctx) {
    return withApi(ctx.cwd, async (api) => {
      const preview = await api.failover.failbackPreview.query({ from: a.from });
      if (!preview.to) throw new CliError('API_ERROR', preview.blockers.join('; '), 'FAILOVER_NOT_ACTIVE');
      const plan = [
        `failback ${a.from} (now routed to ${preview.to})`,
        ...preview.pairs.map(
          (p) =>
            `  ${p.home} (${p.homeState}) resyncs from ${p.mirror}: ${p.fullResync ? `full copy, ${p.resyncBytes ?? '?'} bytes, ${p.mirrorKeys ?? '?'} keys` : `partial, ${p.resyncBytes ?? '?'} bytes`}; lag now ${p.lagBytes ?? 'n/a'}`,
        ),
        `  then the route goes home, the homes are promoted and each mirror replicates its home again`,
        ...preview.blockers.map((b) => `  BLOCKED: ${b}`),
      ].join('\n');
      if (!preview.allowed) throw new CliError('API_ERROR', `${plan}\nrefused`, 'FAILBACK_BLOCKED');
      requireYes(a.yes, plan);
      const result = await api.failover.clear.mutate({ from: a.from, reason: a.reason, confirmRegion: a.from });
      const convergence = a.wait ? await waitConverged(api, result.version, a.wait) : null;
      const text = `published version ${result.version}: ${a.from} routes home\n${renderSteps(result.steps)}${convergence && a.wait ? `\n${convergenceLine(convergence, a.wait)}` : ''}`;
      if (!result.ok) throw new CliError('API_ERROR', `${text}\nsome steps failed`, 'FAILBACK_STEP_FAILED');
      if (convergence && !convergence.converged) throw new CliError('API_ERROR', text, 'NOT_CONVERGED');
      return { json: { ...result, from: a.from, convergence }, text };
    });
  },
});

export const failoverCommands: readonly Command[] = [setCommand, clearCommand];
