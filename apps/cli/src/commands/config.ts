/** `syctl config versions|diff|rollback`: the published version history. */
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const ZVersionArg = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a version number` })
    .int()
    .min(1, `${name} must be a version number (1 or more)`);
const show = (v: unknown): string => (v === undefined ? '∅' : JSON.stringify(v));

const versionsCommand = defineCommand({
  path: ['config', 'versions'],
  summary: 'list published config versions, newest first',
  positionals: [],
  flags: { limit: { type: 'string', description: 'how many (default 20)' } },
  args: z.object({ limit: z.coerce.number().int().min(1).max(200).default(20), json: z.boolean().optional() }),
  async run(a, ctx) {
    const versions = await withApi(ctx.cwd, (api) => api.versions.list.query({ limit: a.limit }));
    const lines = versions.map(
      (v) =>
        `  v${String(v.version).padEnd(5)} ${v.createdAt}  ${v.author.padEnd(26)} ${v.rolledBackFrom ? `(rollback of v${v.rolledBackFrom}) ` : ''}${v.reason}`,
    );
    return { json: { versions }, text: lines.length ? lines.join('\n') : 'no published versions' };
  },
});

const diffCommand = defineCommand({
  path: ['config', 'diff'],
  summary: 'structural diff between two published versions',
  positionals: ['a', 'b'],
  flags: {},
  args: z.object({ a: ZVersionArg('a'), b: ZVersionArg('b'), json: z.boolean().optional() }),
  async run(a, ctx) {
    const diff = await withApi(ctx.cwd, (api) => api.versions.diff.query({ from: a.a, to: a.b }));
    const lines = diff.changes.map((c) => `  ${c.path}: ${show(c.before)} → ${show(c.after)}`);
    return { json: diff, text: `v${a.a} → v${a.b}: ${diff.changes.length} change(s)\n${lines.join('\n')}`.trimEnd() };
  },
});

const rollbackCommand = defineCommand({
  path: ['config', 'rollback'],
  summary: 'republish an old version as a new one (and reset the draft to it)',
  positionals: ['version'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ version: ZVersionArg('version') }),
  async run(a, ctx) {
    return withApi(ctx.cwd, async (api) => {
      // The preview diffs against what the rollback publishes: today's migrations are kept.
      const p = await api.versions.rollbackPreview.query({ version: a.version });
      const kept = p.keptMigrations.length ? `; migrations kept as they are today: ${p.keptMigrations.join(', ')}` : '';
      requireYes(
        a.yes,
        `republish v${a.version} as a new version (${p.changes.length} change(s) from v${p.currentVersion}${kept})`,
      );
      const result = await api.versions.rollback.mutate({ version: a.version, reason: a.reason });
      const text = result.changed
        ? `published version ${result.version} (rollback of v${a.version}); draft reset to revision ${result.draftRevision}`
        : `no change: v${a.version} (with today's migrations) equals v${result.version}, so nothing was published; draft reset to revision ${result.draftRevision}`;
      return { json: result, text };
    });
  },
});

export const configCommands: readonly Command[] = [versionsCommand, diffCommand, rollbackCommand];
