/** `syctl rules list`: the safety rules in force (docs/SAFETY.md) and the recent break-glass overrides. */
import { z } from 'zod';
import { withApi } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const listCommand = defineCommand({
  path: ['rules', 'list'],
  summary: 'list the safety rules (on/off, parameters) and break-glass overrides of the last 24 h',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const r = await withApi(ctx.cwd, (api) => api.safety.list.query({ overrideHours: 24 }));
    const params = (p: Record<string, number>): string =>
      Object.entries(p)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
    const lines = [
      `safety rules version ${r.current.version}${r.current.author ? ` by ${r.current.author}: ${r.current.reason ?? ''}` : ' (defaults: all off)'}`,
      ...r.rules.map(
        (rule) =>
          `  ${rule.enabled ? 'ON ' : 'off'} ${rule.name.padEnd(15)} ${params(rule.params).padEnd(26)} ${rule.title}`,
      ),
      ...r.overrides.map((o) => `  !! BREAK-GLASS ${o.at} ${o.actor} ${o.target} (${o.rules.join(', ')}): ${o.reason}`),
    ];
    return { json: r, text: lines.join('\n') };
  },
});

export const rulesCommands: readonly Command[] = [listCommand];
