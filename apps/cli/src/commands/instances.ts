/** `syctl instances list|add|remove|write-log`: the Redis instances in the draft, and the published write-log mirrors' sync. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ZInstance, ZName, ZRegionName, type TInstance } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { publishHint, readDraft, withRevision } from '../draft-edit.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

const ZAddresses = (flag: string) =>
  z.string().transform((s, ctx) =>
    s
      .split(',')
      .filter(Boolean)
      .map((part) => {
        const m = /^(.+):(\d{1,5})$/.exec(part.trim());
        const port = m ? Number(m[2]) : 0;
        if (!m || port < 1 || port > 65535)
          ctx.addIssue({ code: 'custom', message: `${flag}: '${part}' is not host:port (port 1-65535)` });
        return { host: m?.[1] ?? part, port };
      }),
  );

function readPassword(file: string): string {
  try {
    const text = readFileSync(file, 'utf8').trim();
    if (text === '') throw new CliError('INVALID_ARGUMENT', `--password-file: ${file} is empty`);
    return text;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(
      'INVALID_ARGUMENT',
      `--password-file: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

const show = (list: readonly { host: string; port: number }[]): string =>
  list.map((a) => `${a.host}:${a.port}`).join(',');

const listCommand = defineCommand({
  path: ['instances', 'list'],
  summary: 'list the draft Redis instances (passwords are never printed)',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const draft = await withApi(ctx.cwd, readDraft);
    const instances = draft.snapshot.instances.map(({ password, ...i }) => ({
      ...i,
      hasPassword: password !== undefined,
    }));
    const rows = instances.map(
      (i) =>
        `  ${i.name.padEnd(22)} ${i.region.padEnd(8)} ${i.kind.padEnd(10)} ${show(i.addresses)}${i.replicas.length ? `  replicas ${show(i.replicas)}` : ''}`,
    );
    return { json: { revision: draft.revision, instances }, text: rows.length ? rows.join('\n') : 'no instances' };
  },
});

const addCommand = defineCommand({
  path: ['instances', 'add'],
  summary: 'add a Redis instance to the draft',
  positionals: ['name'],
  flags: {
    ...MUTATION_FLAGS,
    region: { type: 'string', description: 'region the instance lives in' },
    address: { type: 'string', description: 'host:port (cluster: seed nodes, comma-separated)' },
    kind: { type: 'string', description: 'standalone (default) or cluster' },
    replicas: { type: 'string', description: 'read replicas, host:port comma-separated' },
    'password-file': {
      type: 'string',
      description: "file holding the instance's AUTH password (not the password itself: a command line shows in ps)",
    },
  },
  args: ZMutationFlags.extend({
    name: ZName,
    region: ZRegionName,
    address: ZAddresses('--address'),
    kind: z.enum(['standalone', 'cluster'], { error: '--kind is standalone or cluster' }).default('standalone'),
    replicas: ZAddresses('--replicas').optional(),
    passwordFile: z.string().min(1).optional(),
  }),
  async run(a, ctx) {
    const password = a.passwordFile === undefined ? undefined : readPassword(resolve(ctx.cwd, a.passwordFile));
    const parsed = ZInstance.safeParse({
      name: a.name,
      region: a.region,
      kind: a.kind,
      addresses: a.address,
      replicas: a.replicas ?? [],
      ...(password ? { password } : {}),
    });
    if (!parsed.success) throw new CliError('INVALID_ARGUMENT', `--address: give at least one host:port`);
    const instance: TInstance = parsed.data;
    const plan = `add instance ${a.name} in ${a.region}: ${a.kind} at ${show(instance.addresses)}`;
    requireYes(a.yes, plan);
    const { revision } = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision, draft) => {
        if (draft.snapshot.instances.some((i) => i.name === a.name))
          throw new CliError(
            'API_ERROR',
            `instance '${a.name}' already exists; remove it first or pick another name`,
            'ALREADY_EXISTS',
          );
        if (!draft.snapshot.regions.some((r) => r.name === a.region))
          throw new CliError(
            'API_ERROR',
            `no region '${a.region}' in the draft; regions: ${draft.snapshot.regions.map((r) => r.name).join(', ')}`,
            'NOT_FOUND',
          );
        return api.instances.upsert.mutate({ expectedRevision, reason: a.reason, instance });
      }),
    );
    return {
      json: { revision, instance: { ...instance, password: undefined, hasPassword: password !== undefined } },
      text: `${plan}\n${publishHint(revision)}`,
    };
  },
});

const removeCommand = defineCommand({
  path: ['instances', 'remove'],
  summary: 'remove an instance no storage code uses from the draft',
  positionals: ['name'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ name: ZName }),
  async run(a, ctx) {
    requireYes(a.yes, `remove instance ${a.name}`);
    const { revision } = await withApi(ctx.cwd, (api) =>
      withRevision(api, (expectedRevision) =>
        api.instances.remove.mutate({ expectedRevision, reason: a.reason, name: a.name }),
      ),
    );
    return { json: { revision, removed: a.name }, text: `removed instance ${a.name}\n${publishHint(revision)}` };
  },
});

/** The Instances page's write-log panel: each write-log mirror's lag, redo rate and checker counts (docs/MIRROR-MODES.md). */
const writeLogCommand = defineCommand({
  path: ['instances', 'write-log'],
  summary: "show each write-log mirror's lag, redo rate and checker counts against the failover thresholds (read-only)",
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const status = await withApi(ctx.cwd, (api) => api.instances.writeLog.query());
    const t = status.thresholds;
    const rows = status.mirrors.map((m) =>
      !m.reachable
        ? `  code ${m.code} ${m.home} → ${m.mirror}: control instance unreachable`
        : `  code ${m.code} ${m.home} → ${m.mirror}: lag ${m.lagEntries} entries / ${m.lagSeconds?.toFixed(1) ?? '?'} s${m.overThreshold ? ' OVER THRESHOLD' : ''}, redo ${m.redoPerSecond} keys/s, checked ${m.checkedKeys} keys, ${m.unresolved} unresolved`,
    );
    const head = `thresholds: ${t.maxLagSeconds} s / ${t.maxLagEntries} entries (failover refused above)`;
    return { json: status, text: rows.length ? [head, ...rows].join('\n') : 'no write-log mirrors' };
  },
});

export const instanceCommands: readonly Command[] = [listCommand, addCommand, removeCommand, writeLogCommand];
