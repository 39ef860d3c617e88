/** `syctl draft show|diff|publish`: what is pending, and publishing exactly what was shown. */
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { apiCodeOf } from '../draft-edit.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';
import { renderRows } from '../framework/render.ts';

type Change = { path: string; before?: unknown; after?: unknown };
const show = (v: unknown): string => (v === undefined ? '∅' : JSON.stringify(v));

function renderChanges(changes: readonly Change[]): string {
  return changes
    .map((c) =>
      c.before === undefined
        ? `  + ${c.path}: ${show(c.after)}`
        : c.after === undefined
          ? `  - ${c.path}: ${show(c.before)}`
          : `  ~ ${c.path}: ${show(c.before)} → ${show(c.after)}`,
    )
    .join('\n');
}

const against = (v: number | null): string => (v === null ? 'nothing published yet' : `published v${v}`);

const showCommand = defineCommand({
  path: ['draft', 'show'],
  summary: 'the draft: revision, who edited it last, problems and how many changes are pending',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const [draft, diff] = await withApi(ctx.cwd, (api) => Promise.all([api.draft.get.query(), api.draft.diff.query()]));
    const s = draft.snapshot;
    const rows: [string, string][] = [
      ['revision', `${draft.revision} (edited by ${draft.updatedBy} at ${draft.updatedAt})`],
      ['pending', `${diff.changes.length} change(s) against ${against(diff.publishedVersion)}`],
      [
        'model',
        `${s.regions.length} regions, ${s.instances.length} instances, ${s.codes.length} codes, ${s.keyTypes.length} key types, ${s.callers.length} callers`,
      ],
      [
        'problems',
        draft.problems.length
          ? draft.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')
          : 'none (publishable)',
      ],
    ];
    const json = {
      revision: draft.revision,
      updatedAt: draft.updatedAt,
      updatedBy: draft.updatedBy,
      publishedVersion: diff.publishedVersion,
      pendingChanges: diff.changes.length,
      problems: draft.problems,
      snapshot: s,
    };
    return { json, text: renderRows(rows) };
  },
});

const diffCommand = defineCommand({
  path: ['draft', 'diff'],
  summary: 'what publishing the draft would change against the published version',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const diff = await withApi(ctx.cwd, (api) => api.draft.diff.query());
    const head = `draft revision ${diff.revision} against ${against(diff.publishedVersion)}: ${diff.changes.length} change(s)`;
    return { json: diff, text: `${head}\n${renderChanges(diff.changes)}`.trimEnd() };
  },
});

const publishCommand = defineCommand({
  path: ['draft', 'publish'],
  summary: 'publish the draft as a new version (shows the diff first; refused when it has problems)',
  positionals: [],
  flags: {
    ...MUTATION_FLAGS,
    canary: {
      type: 'string',
      description: 'publish to one worker per region first, watch them for <seconds>, then the fleet (or revert)',
    },
  },
  args: ZMutationFlags.extend({
    canary: z.coerce.number().int().min(1, 'canary must be a number of seconds').max(86_400).optional(),
  }),
  async run(a, ctx) {
    return withApi(ctx.cwd, async (api) => {
      const [draft, diff] = await Promise.all([api.draft.get.query(), api.draft.diff.query()]);
      if (draft.problems.length > 0) {
        const list = draft.problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n');
        throw new CliError(
          'API_ERROR',
          `the draft has ${draft.problems.length} problem(s); fix them first:\n${list}`,
          'DRAFT_INVALID',
        );
      }
      if (diff.changes.length === 0)
        throw new CliError(
          'API_ERROR',
          `the draft equals ${against(diff.publishedVersion)}; nothing to publish`,
          'NOTHING_TO_PUBLISH',
        );
      const plan = `publish draft revision ${draft.revision} (${diff.changes.length} change(s) against ${against(diff.publishedVersion)}):\n${renderChanges(diff.changes)}`;
      requireYes(a.yes, plan);
      try {
        // Publish exactly the revision that was shown, never a newer one.
        const version = await api.draft.publish.mutate({
          expectedRevision: draft.revision,
          reason: a.reason,
          ...(a.canary ? { canary: { watchSeconds: a.canary } } : {}),
        });
        const canary = a.canary
          ? `; canary: one worker per region for ${a.canary} s, then the fleet (watch it with: syctl status)`
          : '';
        return {
          json: { ...version, revision: draft.revision, changes: diff.changes },
          text: `published version ${version.version} (draft revision ${draft.revision}, ${diff.changes.length} change(s))${canary}`,
        };
      } catch (error) {
        if (apiCodeOf(error) === 'DRAFT_STALE')
          throw new CliError(
            'API_ERROR',
            'someone edited the draft while you were looking; nothing was published. Run syctl draft diff again and re-publish',
            'DRAFT_STALE',
          );
        throw error;
      }
    });
  },
});

export const draftCommands: readonly Command[] = [showCommand, diffCommand, publishCommand];
