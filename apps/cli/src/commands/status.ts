/** `syctl status`: published version, convergence, workers, failover overrides and drop rules. */
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
    const { fleet, latest } = await withApi(ctx.cwd, async (api) => {
      const fleet = await api.fleet.list.query();
      const version = fleet.convergence.publishedVersion;
      return { fleet, latest: version === null ? null : await api.versions.get.query({ version }) };
    });
    const json = {
      publishedVersion: fleet.convergence.publishedVersion,
      publishedAt: latest?.createdAt ?? null,
      converged: fleet.convergence.converged,
      stragglers: fleet.convergence.stragglers,
      workers: fleet.workers.map((w) => ({ name: w.name, region: w.region, appliedVersion: w.appliedVersion, lastSeen: w.lastSeen, live: w.live })),
      failover: latest?.snapshot.failover ?? [],
      degradation: latest?.snapshot.degradation ?? { callers: [], keys: [] },
    };
    const rows: [string, string][] = [
      ['published version', json.publishedVersion === null ? 'none' : `${json.publishedVersion} (${json.publishedAt})`],
      ['converged', json.converged ? 'yes' : `no${json.stragglers.length ? ` (waiting for ${json.stragglers.join(', ')})` : ' (no live workers)'}`],
      ['failover', json.failover.length ? json.failover.map((o) => `${o.from} → ${o.to}`).join(', ') : 'none'],
      ['drop rules', `${json.degradation.callers.length} caller, ${json.degradation.keys.length} key`],
    ];
    const workers = json.workers.map((w) => `  ${w.name.padEnd(20)} ${w.region.padEnd(6)} v${w.appliedVersion}  ${w.live ? 'live' : 'silent'}  last seen ${w.lastSeen}`);
    return { json, text: `${renderRows(rows)}\nworkers:\n${workers.length ? workers.join('\n') : '  none'}` };
  },
});

export const statusCommands: readonly Command[] = [statusCommand];
