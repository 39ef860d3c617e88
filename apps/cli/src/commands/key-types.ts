/** `syctl key-types list|add|remove|move`: the draft's key types (first match wins, so order matters). */
import { ZKeyType, ZName, type TKeyType } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { publishHint, readDraft, withRevision } from '../draft-edit.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

const DIMENSION_HELP =
  'mid[:group] | identity:<centre-region>[:group] | hash:<code,code…>[:group] | fixed:<code> | fixed-instance:<instance>';

/** `--dimension` in one word, e.g. `fixed:2` or `hash:1,2`; validated by core's schema afterwards. */
export function parseDimension(text: string): unknown {
  const [kind = '', arg, group] = text.split(':');
  const codes = (s: string | undefined) => (s ?? '').split(',').filter(Boolean).map(Number);
  switch (kind) {
    case 'mid':
      return { kind, ...(arg ? { group: arg } : {}) };
    case 'identity':
      return { kind, centreRegion: arg, ...(group ? { group } : {}) };
    case 'hash':
      return { kind, codes: codes(arg), ...(group ? { group } : {}) };
    case 'fixed':
      return { kind, code: arg === undefined || arg === '' ? Number.NaN : Number(arg) };
    case 'fixed-instance':
      return { kind, instance: arg };
    default:
      return { kind };
  }
}

const describeDimension = (k: TKeyType): string => {
  const d = k.dimension;
  if (d.kind === 'fixed') return `fixed code ${d.code}`;
  if (d.kind === 'fixed-instance') return `instance ${d.instance}`;
  if (d.kind === 'hash') return `hash over codes ${d.codes.join(',')}`;
  if (d.kind === 'identity') return `identity (centre ${d.centreRegion})`;
  return `meeting ID (group ${d.group})`;
};

const listCommand = defineCommand({
  path: ['key-types', 'list'],
  summary: 'list the draft key types in match order (first match wins)',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const draft = await withApi(ctx.cwd, readDraft);
    const rows = draft.snapshot.keyTypes.map(
      (k, i) => `  ${String(i + 1).padStart(2)}. ${k.name.padEnd(22)} ${k.pattern.padEnd(40)} ${describeDimension(k)}`,
    );
    return {
      json: { revision: draft.revision, keyTypes: draft.snapshot.keyTypes },
      text: rows.length ? rows.join('\n') : 'no key types',
    };
  },
});

const ADD_FLAGS = {
  ...MUTATION_FLAGS,
  pattern: { type: 'string', description: 'JavaScript regex the whole key must match, e.g. ^[\\s\\S]*$ for every key' },
  dimension: { type: 'string', description: `how keys route: ${DIMENSION_HELP}` },
  'value-format': { type: 'string', description: 'plain (default) or seq' },
  'read-policy': { type: 'string', description: 'primary (default) or replica' },
  'cache-tier': { type: 'string', description: 'none (default), 1s or 5m' },
  'data-type': { type: 'string', description: 'string, hash, list, set, zset or any (default)' },
  'write-mode': {
    type: 'string',
    description: 'home (default) or dual-centre: write every region, read locally (docs/SEED-003.md)',
  },
  'stale-fill-guard-ms': {
    type: 'string',
    description: 'refuse a SET this many ms after a DEL through the proxy (docs/SEED-003.md)',
  },
} as const;

const ZAddArgs = ZMutationFlags.extend({
  name: ZName,
  pattern: z.string({ error: 'required: --pattern "<regex>"' }).min(1, 'the pattern must not be empty'),
  dimension: z.string({ error: `required: --dimension ${DIMENSION_HELP}` }),
  valueFormat: z.string().optional(),
  readPolicy: z.string().optional(),
  cacheTier: z.string().optional(),
  dataType: z.string().optional(),
  writeMode: z.string().optional(),
  staleFillGuardMs: z.coerce.number().optional(),
});

function buildKeyType(a: z.output<typeof ZAddArgs>): TKeyType {
  try {
    new RegExp(a.pattern);
  } catch (e) {
    throw new CliError(
      'INVALID_ARGUMENT',
      `--pattern is not a valid JavaScript regular expression: ${(e as Error).message}`,
    );
  }
  const parsed = ZKeyType.safeParse({
    name: a.name,
    pattern: a.pattern,
    dimension: parseDimension(a.dimension),
    valueFormat: a.valueFormat,
    readPolicy: a.readPolicy,
    cacheTier: a.cacheTier,
    dataType: a.dataType,
    writeMode: a.writeMode,
    staleFillGuardMs: a.staleFillGuardMs,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue?.path[0] === 'dimension'
        ? `--dimension (${DIMENSION_HELP})`
        : `--${String(issue?.path[0] ?? 'arguments').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new CliError('INVALID_ARGUMENT', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const addCommand = defineCommand({
  path: ['key-types', 'add'],
  summary: 'add a key type at the end of the match order (draft; publish to apply)',
  positionals: ['name'],
  flags: ADD_FLAGS,
  args: ZAddArgs,
  async run(a, ctx) {
    const keyType = buildKeyType(a);
    const plan = `add key type ${keyType.name}: keys matching /${keyType.pattern}/ route by ${describeDimension(keyType)}`;
    requireYes(a.yes, plan);
    const { revision } = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision, draft) => {
        if (draft.snapshot.keyTypes.some((k) => k.name === keyType.name))
          throw new CliError(
            'API_ERROR',
            `key type '${keyType.name}' already exists; pick another name or remove it first`,
            'ALREADY_EXISTS',
          );
        return api.keyTypes.upsert.mutate({ expectedRevision, reason: a.reason, keyType });
      }),
    );
    return { json: { revision, keyType }, text: `${plan}\n${publishHint(revision)}` };
  },
});

const removeCommand = defineCommand({
  path: ['key-types', 'remove'],
  summary: 'remove a key type from the draft',
  positionals: ['name'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ name: ZName }),
  async run(a, ctx) {
    requireYes(a.yes, `remove key type ${a.name}`);
    const { revision } = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision) =>
        api.keyTypes.remove.mutate({ expectedRevision, reason: a.reason, name: a.name }),
      ),
    );
    return { json: { revision, removed: a.name }, text: `removed key type ${a.name}\n${publishHint(revision)}` };
  },
});

const ZPosition = z.coerce
  .number({ error: '--to must be a position (1 = first)' })
  .int()
  .min(1, '--to must be 1 or more');

/** The new order with `name` at 1-based `position` (clamped to the end). */
export function moved(order: readonly string[], name: string, position: number): string[] {
  if (!order.includes(name))
    throw new CliError('API_ERROR', `no key type '${name}'; 'syctl key-types list' shows them`, 'NOT_FOUND');
  const rest = order.filter((n) => n !== name);
  rest.splice(Math.min(position - 1, rest.length), 0, name);
  return rest;
}

const moveCommand = defineCommand({
  path: ['key-types', 'move'],
  summary: 'move a key type to position --to in the match order (1 = tried first)',
  positionals: ['name'],
  flags: { ...MUTATION_FLAGS, to: { type: 'string', description: 'new position, 1 = first' } },
  args: ZMutationFlags.extend({ name: ZName, to: ZPosition }),
  async run(a, ctx) {
    requireYes(a.yes, `move key type ${a.name} to position ${a.to}`);
    const result = await withApi(ctx.cwd, (api) =>
      withRevision(api, async (expectedRevision, draft) => {
        const order = moved(
          draft.snapshot.keyTypes.map((k) => k.name),
          a.name,
          a.to,
        );
        const { revision } = await api.keyTypes.reorder.mutate({ expectedRevision, reason: a.reason, order });
        return { revision, order };
      }),
    );
    return { json: result, text: `match order: ${result.order.join(', ')}\n${publishHint(result.revision)}` };
  },
});

export const keyTypeCommands: readonly Command[] = [listCommand, addCommand, removeCommand, moveCommand];
