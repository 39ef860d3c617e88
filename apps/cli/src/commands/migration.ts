/**
 * `syctl migration create|advance|rollback|status|list` (DESIGN §7, §10): shard migrations
 * through the console API. Mutations publish a config version and need --reason and --yes.
 */
import type { TPreviewStepResponse } from '@switchyard/api/schemas';
import { MIGRATION_PHASE_ORDER, MIGRATION_PHASES, ZName } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { renderRows } from '../framework/render.ts';

const ZPhase = z.enum(MIGRATION_PHASES, { error: `phase must be one of ${MIGRATION_PHASES.join(', ')}` });
const ZPercentArg = z.coerce.number({ error: 'percent must be a number between 0 and 100' }).min(0).max(100).optional();
const ZCodeArg = z.coerce.number({ error: 'code must be an integer' }).int().min(0);

/** "mid%4==2" (spaces allowed) → { modulo: 4, remainder: 2 }. */
export const ZScopeArg = z
  .string()
  .transform((s, ctx) => {
    const m = /^\s*mid\s*%\s*(\d+)\s*==\s*(\d+)\s*$/.exec(s);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'scope must look like "mid%4==2"' });
      return z.NEVER;
    }
    return { modulo: Number(m[1]), remainder: Number(m[2]) };
  })
  .refine((s) => s.modulo >= 2 && s.remainder < s.modulo, 'scope needs modulo ≥ 2 and remainder < modulo')
  .optional();

const TRANSITION_FLAGS = {
  ...MUTATION_FLAGS,
  to: { type: 'string', description: `target phase (${MIGRATION_PHASE_ORDER.join(' → ')}, or ABORTED)` },
  percent: { type: 'string', description: 'gray-read % (GRAY_READ) or stop-dual-write % (STOP_DUAL_WRITE)' },
  override: {
    type: 'string',
    description: 'override a guard rail (reconciliation gate, queued compensation); give the reason',
  },
  confirm: { type: 'string', description: 'the migration name, typed: DONE, STOP_DUAL_WRITE and ABORTED need it' },
} as const;
const ZTransitionArgs = ZMutationFlags.extend({
  id: z.string().min(1),
  to: ZPhase,
  percent: ZPercentArg,
  override: z.string().trim().min(3).optional(),
  confirm: z.string().optional(),
});

const describeTransition = (verb: string, a: z.infer<typeof ZTransitionArgs>): string =>
  `${verb} migration ${a.id} to ${a.to}${a.percent !== undefined ? ` ${a.percent}%` : ''}${a.override ? ` (override: ${a.override})` : ''}`;

const transitionText = (r: {
  version: number;
  migration: { id: string; phase: string; percent: number };
  effects: string[];
}): string =>
  [
    `published version ${r.version}: ${r.migration.id} is in ${r.migration.phase}${r.migration.percent ? ` ${r.migration.percent}%` : ''}`,
    ...r.effects.map((e) => `  ${e}`),
  ].join('\n');

const transitionJson = <M extends object>(r: { version: number; migration: M; effects: string[] }) => ({
  ...r.migration,
  version: r.version,
  effects: r.effects,
});

const createCommand = defineCommand({
  path: ['migration', 'create'],
  summary: 'start a shard migration of a code (optionally mid%M==r) from one instance to another, in DUAL_WRITE',
  positionals: [],
  // Creating needs neither --yes nor --reason (the issue's contract): DUAL_WRITE only adds a
  // copy on the target while reads stay on the source, and `rollback --to ABORTED` undoes it.
  flags: {
    reason: { type: 'string', description: 'why (default: "syctl migration create <name>"; goes to the audit log)' },
    yes: { type: 'boolean', short: 'y', description: 'accepted for symmetry; creating needs no confirmation' },
    code: { type: 'string', description: 'storage code to move' },
    from: { type: 'string', description: 'source instance' },
    to: { type: 'string', description: 'target instance' },
    name: { type: 'string', description: 'a name for people' },
    scope: { type: 'string', description: 'only meetings with "mid%M==r" (doubling split)' },
  },
  args: ZMutationFlags.extend({
    reason: z.string().trim().min(3, 'give a reason of at least 3 characters').optional(),
    code: ZCodeArg,
    from: ZName,
    to: ZName,
    name: z.string().trim().min(1).max(120),
    scope: ZScopeArg,
  }),
  async run(a, ctx) {
    const reason = a.reason ?? `syctl migration create ${a.name}`;
    const r = await withApi(ctx.cwd, (api) =>
      api.migrations.create.mutate({ name: a.name, code: a.code, from: a.from, to: a.to, scope: a.scope, reason }),
    );
    return { json: transitionJson(r), text: transitionText(r) };
  },
});

type StepPreview = TPreviewStepResponse;

const sharesText = (s: StepPreview['before']): string =>
  `${s.phase}: reads new ${s.readsNewPercent}%, writes ${s.writeOrder}, new only ${s.newOnlyPercent}%`;

function previewLines(p: StepPreview): string[] {
  const run = (name: string, r: StepPreview['gate']['forward']): string =>
    `  ${name} run: ${r ? `finished ${r.finishedAt}, ${r.unresolved} unresolved${r.startedAt < p.gate.stepStartedAt ? ' (started before this step: stale)' : ''}` : 'none finished'}`;
  return [
    `  now:   ${sharesText(p.before)}`,
    `  after: ${p.after ? sharesText(p.after) : '(refused)'}`,
    ...p.effects.map((e) => `  ${e}`),
    run('forward', p.gate.forward),
    run('reverse', p.gate.reverse),
    p.ok
      ? '  guard rails: pass'
      : `  refused: ${p.code}: ${p.message}${p.overridable ? ' (pass it with --override "<reason>")' : ''}`,
    ...(p.confirmName ? [`  needs --confirm "${p.confirmName}"`] : []),
    capacityLine(p.capacity),
    ...p.rules.map(
      (r) =>
        `  rule ${r.name}: ${r.ok ? 'ok' : r.soft ? `WARN (soft) ${r.message}` : `BREACH ${r.message} (needs --break-glass)`}`,
    ),
  ];
}

function capacityLine(c: StepPreview['capacity']): string {
  const r = c.receiver;
  return `  capacity: ${c.readsToTargetQps} reads/s onto ${c.target} (${c.source}: ${c.sourceQps} ops/s, ${c.sourceReadsQps ?? '?'} reads/s, last ${c.windowSec / 60} min; scope ${c.sharePercent}%), ${c.memoryBytes ?? '?'} dataset bytes in scope; ${r.name} ${r.qpsNow} → ${r.qpsAfter} ops/s${r.opsCapacity ? ` of ${r.opsCapacity} (${r.headroom.opsPercentAfter}%)` : ''}${r.headroom.memoryFreePercent === null ? '' : `, ${r.headroom.memoryFreePercent}% of maxmemory free`}`;
}

const previewCommand = defineCommand({
  path: ['migration', 'preview'],
  summary:
    'what creating a migration would move: scope, keys in scope on the source, estimated backfill time (changes nothing)',
  positionals: [],
  flags: {
    code: { type: 'string', description: 'storage code to move' },
    from: { type: 'string', description: 'source instance' },
    to: { type: 'string', description: 'target instance' },
    scope: { type: 'string', description: 'only meetings with "mid%M==r" (doubling split)' },
  },
  args: z.object({ code: ZCodeArg, from: ZName, to: ZName, scope: ZScopeArg, json: z.boolean().optional() }),
  async run(a, ctx) {
    const p = await withApi(ctx.cwd, (api) =>
      api.migrations.previewCreate.query({
        code: a.code,
        from: a.from,
        to: a.to,
        ...(a.scope ? { scope: a.scope } : {}),
      }),
    );
    const keys = p.keys
      ? `${p.keys.exact ? '' : 'about '}${p.keys.estimate} (${p.keys.exact ? 'exact' : `sampled ${p.keys.scanned} of ${p.keys.sourceKeys}`})`
      : (p.keysError ?? 'unknown');
    const rows: [string, string][] = [
      ['scope', p.scope],
      ['keys in scope', keys],
      [
        'backfill',
        p.backfillSeconds === null ? 'unknown' : `about ${p.backfillSeconds} s at ${p.backfillKeysPerSecond} keys/s`,
      ],
      ...p.effects.map((e): [string, string] => ['effect', e]),
    ];
    return { json: p, text: renderRows(rows) };
  },
});

/** Advance and rollback differ only in the procedure they call and the words they print. */
function transitionCommand(kind: 'advance' | 'rollback', verb: string, summary: string) {
  return defineCommand({
    path: ['migration', kind],
    summary,
    positionals: ['id'],
    flags: TRANSITION_FLAGS,
    args: ZTransitionArgs,
    async run(a, ctx) {
      const input = {
        id: a.id,
        to: a.to,
        percent: a.percent,
        overrideReason: a.override,
        confirm: a.confirm,
        reason: a.reason,
      };
      const r = await withApi(ctx.cwd, async (api) => {
        if (a.yes !== true) {
          // Without --yes: the server's preview of this very step, then exit 3.
          const p = await api.migrations.previewStep.query({
            id: a.id,
            to: a.to,
            percent: a.percent,
            rollback: kind === 'rollback',
          });
          requireYes(false, [describeTransition(verb, a), ...previewLines(p)].join('\n'));
        }
        return api.migrations[kind].mutate(input);
      });
      return { json: transitionJson(r), text: transitionText(r) };
    },
  });
}

const advanceCommand = transitionCommand(
  'advance',
  'advance',
  'move a migration to its next phase, or change the gray-read / stop-dual-write percentage',
);
const rollbackCommand = transitionCommand(
  'rollback',
  'roll back',
  'roll a migration back to an earlier phase (its routing) or to ABORTED',
);

const statusCommand = defineCommand({
  path: ['migration', 'status'],
  summary: 'phase, backfill progress, latest reconciliation and compensation queue of a migration',
  positionals: ['id'],
  flags: {},
  args: z.object({ id: z.string().min(1), json: z.boolean().optional() }),
  async run(a, ctx) {
    const s = await withApi(ctx.cwd, (api) => api.migrations.status.query({ id: a.id }));
    const b = s.backfill;
    const rows: [string, string][] = [
      [
        'migration',
        `${s.id} (${s.name}): code ${s.code}${s.scope ? ` mid%${s.scope.modulo}==${s.scope.remainder}` : ''}, ${s.from} → ${s.to}`,
      ],
      [
        'phase',
        `${s.phase}${s.percent ? ` ${s.percent}%` : ''} (gray read ${s.grayReadPercent}%, stop dual-write ${s.stopDualWritePercent}%)`,
      ],
      ['backfill', `${b.done ? 'done' : 'not done'}: scanned ${b.scanned}, copied ${b.copied}, skipped ${b.skipped}`],
      [
        'reconciliation',
        `unresolved ${s.latestRecon.unresolved} (forward ${s.latestRecon.forward?.startedAt ?? 'never'}, reverse ${s.latestRecon.reverse?.startedAt ?? 'never'})`,
      ],
      [
        'compensation',
        s.compensation.reachable
          ? `${s.compensation.queued} queued, ${s.compensation.dead} dead letters`
          : 'control instance unreachable',
      ],
      ['events', `${s.events.length}`],
    ];
    return { json: s, text: renderRows(rows) };
  },
});

const listCommand = defineCommand({
  path: ['migration', 'list'],
  summary: 'every migration, newest first',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const { migrations } = await withApi(ctx.cwd, (api) => api.migrations.list.query());
    const lines = migrations.map(
      (m) =>
        `${m.id.padEnd(22)} ${m.phase.padEnd(18)} ${String(m.percent).padStart(3)}%  code ${m.code} ${m.from} → ${m.to}  ${m.name}`,
    );
    return { json: migrations, text: lines.length ? lines.join('\n') : 'no migrations' };
  },
});

export const migrationCommands: readonly Command[] = [
  previewCommand,
  createCommand,
  advanceCommand,
  rollbackCommand,
  statusCommand,
  listCommand,
];
