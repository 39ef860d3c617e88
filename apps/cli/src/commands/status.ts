/** `syctl status`: published version, convergence, workers (and the canary), failover overrides and drop rules. */
import { z } from 'zod';
import { withApi } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { renderRows } from '../framework/render.ts';

const statusCommand = defineCommand({
  path: ['status'],
  summary: 'show the published version, worker convergence, failover overrides and drop rules',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_args, ctx) {
    const { fleet, latest, failover } = await withApi(ctx.cwd, async (api) => {
      const fleet = await api.fleet.list.query();
      const version = fleet.convergence.publishedVersion;
      const failover = version === null ? null : await api.failover.status.query();
      return { fleet, latest: version === null ? null : await api.versions.get.query({ version }), failover };
    });
    const unfinished = failover?.unfinished ?? [];
    const json = {
      publishedVersion: fleet.convergence.publishedVersion,
      publishedAt: latest?.createdAt ?? null,
      converged: fleet.convergence.converged,
      stragglers: fleet.convergence.stragglers,
      workers: fleet.workers.map((w) => ({
        name: w.name,
        region: w.region,
        appliedVersion: w.appliedVersion,
        lastSeen: w.lastSeen,
        live: w.live,
      })),
      failover: latest?.snapshot.failover ?? [],
      degradation: latest?.snapshot.degradation ?? { callers: [], keys: [] },
      /** Failover/failback workflows not finished (issue 15): a mirror may be half-promoted or a home unfenced. */
      unfinishedWorkflows: unfinished.map((w) => ({
        id: w.id,
        kind: w.kind,
        region: w.region,
        target: w.target,
        state: w.state,
        unfenced: w.unfenced,
        error: w.error,
        steps: w.steps.map((s) => ({ step: s.step, target: s.target, status: s.status })),
      })),
      fences: (failover?.regions ?? []).flatMap((r) =>
        r.homes.map((h) => ({ region: r.region, home: h.home, state: h.state })),
      ),
      /** The newest canary publish (issue 18): watching, promoted, reverted or superseded. */
      canary: fleet.canary,
    };
    const canary = fleet.canary;
    const canaryLine = canary
      ? `v${canary.version} ${canary.state}${canary.state === 'watching' ? ` on ${canary.workers.join(', ')} until ${canary.watchUntil} (others stay on v${canary.stableVersion})` : ''}${canary.verdict ? `: ${canary.verdict}` : ''}`
      : 'none';
    const rows: [string, string][] = [
      ['published version', json.publishedVersion === null ? 'none' : `${json.publishedVersion} (${json.publishedAt})`],
      [
        'converged',
        json.converged
          ? 'yes'
          : `no${json.stragglers.length ? ` (waiting for ${json.stragglers.join(', ')})` : ' (no live workers)'}`,
      ],
      ['failover', json.failover.length ? json.failover.map((o) => `${o.from} → ${o.to}`).join(', ') : 'none'],
      [
        'old homes',
        json.fences.length
          ? json.fences
              .map((f) => `${f.home} ${f.state === 'fenced' ? 'fenced' : `${f.state.toUpperCase()} (NOT FENCED)`}`)
              .join(', ')
          : 'n/a',
      ],
      ['drop rules', `${json.degradation.callers.length} caller, ${json.degradation.keys.length} key`],
      ['canary', canaryLine],
    ];
    const isCanary = (name: string): boolean => canary?.state === 'watching' && canary.workers.includes(name);
    const workers = json.workers.map(
      (w) =>
        `  ${w.name.padEnd(20)} ${w.region.padEnd(6)} v${w.appliedVersion}  ${w.live ? 'live' : 'silent'}  last seen ${w.lastSeen}${isCanary(w.name) ? '  CANARY' : ''}`,
    );
    const loud = json.unfinishedWorkflows.map((w) => {
      const done = w.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
      const fence = w.unfenced.length ? `; UNFENCED: ${w.unfenced.join(', ')}` : '';
      return `!! UNFINISHED ${w.kind.toUpperCase()} ${w.region} → ${w.target}: ${w.state} (${done}/${w.steps.length} steps)${fence}${w.error ? `: ${w.error}` : ''}`;
    });
    const banner = loud.length
      ? `${loud.join('\n')}\n!! the console resumes it; new failovers are refused until it finishes\n`
      : '';
    return { json, text: `${banner}${renderRows(rows)}\nworkers:\n${workers.length ? workers.join('\n') : '  none'}` };
  },
});

export const statusCommands: readonly Command[] = [statusCommand];
