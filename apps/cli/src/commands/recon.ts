/**
 * `syctl recon report|differences|repair|rerun <id>` (DESIGN §7 step 3, issue 15): runs,
 * the keys the latest runs left unresolved, an operator's repair in a chosen direction, and
 * "re-run now".
 */
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const reportCommand = defineCommand({
  path: ['recon', 'report'],
  summary: "a migration's reconciliation runs, newest first, with counters per key type",
  positionals: ['id'],
  flags: { limit: { type: 'string', description: 'how many runs (default 20)' } },
  args: z.object({
    id: z.string().min(1),
    limit: z.coerce.number().int().min(1).max(500).default(20),
    json: z.boolean().optional(),
  }),
  async run(a, ctx) {
    const { runs } = await withApi(ctx.cwd, (api) => api.recon.report.query({ id: a.id, limit: a.limit }));
    const lines = runs.map(
      (r) =>
        `${r.startedAt}  ${r.direction.padEnd(7)} ${r.finished ? 'finished' : 'running '}  scanned ${r.scanned}, equal ${r.equal}, differing ${r.differing}, resolved on re-check ${r.resolvedOnRecheck}, repaired ${r.repaired}, unresolved ${r.unresolved}`,
    );
    return { json: runs, text: lines.length ? lines.join('\n') : 'no reconciliation runs yet' };
  },
});

const ttlText = (ms: number): string => (ms === -2 ? 'absent' : ms === -1 ? 'no ttl' : `ttl ${Math.ceil(ms / 1000)}s`);

const differencesCommand = defineCommand({
  path: ['recon', 'differences'],
  summary: 'the keys the latest reconciliation left unresolved: both sides (type, TTL, value) and why',
  positionals: ['id'],
  flags: { limit: { type: 'string', description: 'how many keys (default 200)' } },
  args: z.object({
    id: z.string().min(1),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    json: z.boolean().optional(),
  }),
  async run(a, ctx) {
    const r = await withApi(ctx.cwd, (api) => api.recon.differences.query({ id: a.id, limit: a.limit }));
    const lines = r.differences.map((d) =>
      [
        `${d.key} (${d.keyType}, ${d.direction}): ${d.why}: ${d.detail}`,
        `  old: ${d.old.type}, ${ttlText(d.old.ttlMs)}, ${d.old.value}`,
        `  new: ${d.new.type}, ${ttlText(d.new.ttlMs)}, ${d.new.value}`,
      ].join('\n'),
    );
    const footer = r.total > r.differences.length ? [`… ${r.total - r.differences.length} more`] : [];
    const accepted =
      r.filteredTotal > 0
        ? [
            `accepted by reconciliation filters (not unresolved): ${r.filteredTotal}`,
            ...r.filtered.map((d) => `  ${d.key} (${d.keyType}, ${d.direction}): ${d.why} [filter ${d.filter}]`),
          ]
        : [];
    return {
      json: r,
      text: [...(lines.length ? [...lines, ...footer] : ['no unresolved differing keys']), ...accepted].join('\n'),
    };
  },
});

const repairCommand = defineCommand({
  path: ['recon', 'repair'],
  summary:
    'copy one differing key (--key) or all of them (--all) in the direction you choose; a key written since the reconciliation is left alone',
  positionals: ['id'],
  flags: {
    ...MUTATION_FLAGS,
    key: { type: 'string', description: 'the differing key to repair' },
    all: { type: 'boolean', description: 'repair every differing key' },
    direction: { type: 'string', description: 'old-to-new (the old value wins) or new-to-old (the new value wins)' },
  },
  args: ZMutationFlags.extend({
    id: z.string().min(1),
    key: z.string().min(1).optional(),
    all: z.boolean().optional(),
    direction: z.enum(['old-to-new', 'new-to-old'], { error: 'required: --direction old-to-new or new-to-old' }),
  }).refine((a) => (a.key !== undefined) !== (a.all === true), {
    message: 'give either --key <key> or --all',
    path: ['key'],
  }),
  async run(a, ctx) {
    const what = a.all ? 'every differing key' : `key ${a.key ?? ''}`;
    requireYes(
      a.yes,
      `repair ${what} of migration ${a.id}, ${a.direction === 'old-to-new' ? 'copying old over new' : 'copying new over old'}`,
    );
    const r = await withApi(ctx.cwd, (api) =>
      api.recon.repair.mutate({
        id: a.id,
        direction: a.direction,
        reason: a.reason,
        ...(a.all ? { all: true } : { key: a.key }),
      }),
    );
    const lines = [
      `repaired ${r.repaired}, not repaired ${r.failed}`,
      ...r.results.map((x) => `  ${x.key}: ${x.outcome}: ${x.message}`),
    ];
    return { json: r, text: lines.join('\n') };
  },
});

const rerunCommand = defineCommand({
  path: ['recon', 'rerun'],
  summary: 'ask the migrator to run a reconciliation round now (forward, then reverse)',
  positionals: ['id'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ id: z.string().min(1) }),
  async run(a, ctx) {
    requireYes(a.yes, `request a reconciliation round of migration ${a.id} now`);
    const r = await withApi(ctx.cwd, (api) => api.recon.rerun.mutate({ id: a.id, reason: a.reason }));
    return { json: r, text: `requested at ${r.requestedAt}; the migrator starts the round within its poll interval` };
  },
});

const filterText = (f: {
  name: string;
  migrationId: string | null;
  keyType: string | null;
  keyPattern: string | null;
  field: string | null;
  why: string | null;
  reason: string;
  createdBy: string;
}): string => {
  const criteria = [
    f.keyType && `keyType=${f.keyType}`,
    f.keyPattern && `key~${f.keyPattern}`,
    f.field && `field=${f.field}`,
    f.why && `why=${f.why}`,
  ]
    .filter(Boolean)
    .join(' ');
  return `${f.name.padEnd(24)} ${(f.migrationId ?? 'all migrations').padEnd(16)} ${criteria}  (${f.reason}; ${f.createdBy})`;
};

const filtersListCommand = defineCommand({
  path: ['recon', 'filters', 'list'],
  summary: 'reconciliation filters: accepted classes of differences, listed apart and not counted unresolved',
  positionals: ['migration?'],
  flags: {},
  args: z.object({ migration: z.string().min(1).optional(), json: z.boolean().optional() }),
  async run(a, ctx) {
    const r = await withApi(ctx.cwd, (api) =>
      api.recon.filters.list.query(a.migration ? { migrationId: a.migration } : {}),
    );
    return { json: r, text: r.filters.length ? r.filters.map(filterText).join('\n') : 'no reconciliation filters' };
  },
});

const filtersAddCommand = defineCommand({
  path: ['recon', 'filters', 'add'],
  summary:
    'accept a class of differences: --key-type, --key-pattern (glob), --field (e.g. a hash field), --why; all given must match',
  positionals: ['name'],
  flags: {
    ...MUTATION_FLAGS,
    migration: { type: 'string', description: 'only this migration (default: every migration)' },
    'key-type': { type: 'string', description: 'the key type' },
    'key-pattern': { type: 'string', description: 'glob over the key (* and ?)' },
    field: { type: 'string', description: 'text the difference must mention, e.g. a hash field' },
    why: { type: 'string', description: 'AHEAD_OF_TRUTH, CONFLICT, UNSUPPORTED_TYPE, REPAIR_OFF, TRUNCATED or ERROR' },
  },
  args: ZMutationFlags.extend({
    name: z.string().min(1),
    migration: z.string().min(1).optional(),
    keyType: z.string().min(1).optional(),
    keyPattern: z.string().min(1).optional(),
    field: z.string().min(1).optional(),
    why: z.enum(['AHEAD_OF_TRUTH', 'CONFLICT', 'UNSUPPORTED_TYPE', 'REPAIR_OFF', 'TRUNCATED', 'ERROR']).optional(),
  }).refine(
    (a) => a.keyType !== undefined || a.keyPattern !== undefined || a.field !== undefined || a.why !== undefined,
    {
      message: 'give at least one of --key-type, --key-pattern, --field, --why',
      path: ['keyType'],
    },
  ),
  async run(a, ctx) {
    requireYes(a.yes, `add reconciliation filter ${a.name}: its differences stop counting as unresolved`);
    const opt = <K extends string>(k: K, v: string | undefined) => (v === undefined ? {} : { [k]: v });
    const f = await withApi(ctx.cwd, (api) =>
      api.recon.filters.create.mutate({
        name: a.name,
        reason: a.reason,
        ...opt('migrationId', a.migration),
        ...opt('keyType', a.keyType),
        ...opt('keyPattern', a.keyPattern),
        ...opt('field', a.field),
        ...(a.why ? { why: a.why } : {}),
      }),
    );
    return { json: f, text: `added ${filterText(f)}` };
  },
});

const filtersRemoveCommand = defineCommand({
  path: ['recon', 'filters', 'rm'],
  summary: 'remove a reconciliation filter: its differences count as unresolved again',
  positionals: ['name'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ name: z.string().min(1) }),
  async run(a, ctx) {
    requireYes(a.yes, `remove reconciliation filter ${a.name}`);
    const r = await withApi(ctx.cwd, (api) => api.recon.filters.remove.mutate({ name: a.name, reason: a.reason }));
    return { json: r, text: `removed ${a.name}` };
  },
});

export const reconCommands: readonly Command[] = [
  reportCommand,
  differencesCommand,
  repairCommand,
  rerunCommand,
  filtersListCommand,
  filtersAddCommand,
  filtersRemoveCommand,
];
