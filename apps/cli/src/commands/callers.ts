/** `syctl callers list|add|remove|rotate-secret`: proxy callers in the draft; a secret is printed once. */
import { ZName } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { publishHint, readDraft, withRevision } from '../draft-edit.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

const ONCE = 'the secret is shown only now: store it; the console keeps only its hash';

const ZList = (what: string) =>
  z
    .string()
    .default('*')
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1, `${what}: give a comma-separated list, or * for all`));

const listCommand = defineCommand({
  path: ['callers', 'list'],
  summary: 'list the draft callers, their commands, key types and QPS limit',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const draft = await withApi(ctx.cwd, readDraft);
    // Hashes stay out of the output even redacted: nothing here needs them.
    const callers = draft.snapshot.callers.map(({ secretHash: _h, ...c }) => c);
    const rows = callers.map(
      (c) =>
        `  ${c.name.padEnd(20)} commands ${c.commands.join(',').padEnd(24)} key types ${c.keyTypes.join(',')}${c.qpsLimit ? `  qps ≤ ${c.qpsLimit}` : ''}`,
    );
    return { json: { revision: draft.revision, callers }, text: rows.length ? rows.join('\n') : 'no callers' };
  },
});

const addCommand = defineCommand({
  path: ['callers', 'add'],
  summary: 'add a caller (draft) and print its new secret once',
  positionals: ['name'],
  flags: {
    ...MUTATION_FLAGS,
    commands: { type: 'string', description: 'allowed commands, comma-separated (default * = every data command)' },
    'key-types': { type: 'string', description: 'allowed key types, comma-separated (default * = all)' },
    qps: { type: 'string', description: 'requests per second limit (default none)' },
  },
  args: ZMutationFlags.extend({
    name: ZName,
    commands: ZList('--commands').transform((l) => l.map((c) => c.toUpperCase())),
    keyTypes: ZList('--key-types'),
    qps: z.coerce.number({ error: '--qps must be a number' }).positive('--qps must be more than 0').optional(),
  }),
  async run(a, ctx) {
    const caller = { name: a.name, commands: a.commands, keyTypes: a.keyTypes, ...(a.qps ? { qpsLimit: a.qps } : {}) };
    const plan = `add caller ${a.name}: commands ${a.commands.join(',')}, key types ${a.keyTypes.join(',')}${a.qps ? `, qps ≤ ${a.qps}` : ''}`;
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision, draft) => {
        if (draft.snapshot.callers.some((c) => c.name === a.name)) {
          throw new CliError(
            'API_ERROR',
            `caller '${a.name}' already exists; use 'syctl callers rotate-secret ${a.name}' for a new secret`,
            'ALREADY_EXISTS',
          );
        }
        return api.callers.create.mutate({ expectedRevision, reason: a.reason, caller });
      }),
    );
    return {
      json: { ...result, caller },
      text: `${plan}\nsecret: ${result.secret}\n${ONCE}\n${publishHint(result.revision)}`,
    };
  },
});

const removeCommand = defineCommand({
  path: ['callers', 'remove'],
  summary: 'remove a caller (and its drop rule) from the draft',
  positionals: ['name'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ name: ZName }),
  async run(a, ctx) {
    requireYes(a.yes, `remove caller ${a.name}; after publish its connections are refused`);
    const { revision } = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision) =>
        api.callers.remove.mutate({ expectedRevision, reason: a.reason, name: a.name }),
      ),
    );
    return { json: { revision, removed: a.name }, text: `removed caller ${a.name}\n${publishHint(revision)}` };
  },
});

const rotateCommand = defineCommand({
  path: ['callers', 'rotate-secret'],
  summary: 'issue a new secret for a caller (draft; the old one works until publish)',
  positionals: ['name'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ name: ZName }),
  async run(a, ctx) {
    requireYes(a.yes, `issue a new secret for caller ${a.name}; the old one stops working once the draft is published`);
    const result = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision) =>
        api.callers.rotateSecret.mutate({ expectedRevision, reason: a.reason, name: a.name }),
      ),
    );
    return {
      json: result,
      text: `new secret for ${a.name}: ${result.secret}\n${ONCE}\n${publishHint(result.revision)}`,
    };
  },
});

export const callerCommands: readonly Command[] = [listCommand, addCommand, removeCommand, rotateCommand];
