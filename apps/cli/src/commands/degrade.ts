/** `syctl degrade caller <name> <ratio>` and `syctl degrade key <key> <ratio>`: publish at once; ratio 0 removes. */
import { ZName } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import type { TPreviewDropResponse } from '@switchyard/api/schemas';

const ZRatioArg = z.coerce
  .number({ error: 'ratio must be a number between 0 and 1' })
  .min(0, 'ratio must be between 0 and 1')
  .max(1, 'ratio must be between 0 and 1');
const FLAGS = {
  ...MUTATION_FLAGS,
  expires: { type: 'string', description: 'minutes until the rule expires (default: never)' },
  'break-glass': {
    type: 'string',
    description: 'admin only: publish despite breached safety rules; give the reason (audited)',
  },
  'dry-run': {
    type: 'boolean',
    description: 'change nothing: show the ops/s the rule would cut and the safety rules on it',
  },
} as const;
const ZBreakGlass = z.string().min(3, 'give a break-glass reason of at least 3 characters').optional();
const ZExpires = z.coerce.number().positive('expires must be a positive number of minutes').optional();
/** A dry run changes nothing, so it needs no reason. */
const ZDropFlags = ZMutationFlags.partial({ reason: true }).extend({ dryRun: z.boolean().optional() });
const needsReason = (a: { dryRun?: boolean | undefined; reason?: string | undefined }): boolean =>
  a.dryRun === true || a.reason !== undefined;
const REASON = { message: 'required: say why with --reason "<text>"', path: ['reason'] };

function previewText(p: TPreviewDropResponse): string {
  const rate =
    p.offeredQps === null
      ? `no rate for ${p.target} (not among the heartbeats' hot keys)`
      : `${p.target} sends ${p.offeredQps} ops/s (last ${p.windowSec / 60} min); drops ${p.qpsCutNow} ops/s now (ratio ${p.currentRatio}), ${p.qpsCutAfter} ops/s after (ratio ${p.ratio})`;
  return [
    `dry run, nothing changed: ${rate}`,
    ...p.rules.map(
      (r) =>
        `  rule ${r.name}: ${r.ok ? 'ok' : r.soft ? `WARN (soft) ${r.message}` : `BREACH ${r.message} (needs --break-glass)`}`,
    ),
  ].join('\n');
}

const describe = (what: string, ratio: number, expires: number | undefined): string =>
  ratio === 0
    ? `remove the drop rule for ${what}`
    : `drop ${(ratio * 100).toFixed(1)}% of requests for ${what}${expires ? ` for ${expires} min` : ''}`;

const callerCommand = defineCommand({
  path: ['degrade', 'caller'],
  summary: "drop a share of a caller's requests (0 removes the rule)",
  positionals: ['name', 'ratio'],
  flags: FLAGS,
  args: ZDropFlags.extend({ name: ZName, ratio: ZRatioArg, expires: ZExpires, breakGlass: ZBreakGlass }).refine(
    needsReason,
    REASON,
  ),
  async run(a, ctx) {
    if (a.dryRun === true) {
      const p = await withApi(ctx.cwd, (api) =>
        api.degradation.previewDrop.query({
          kind: 'caller',
          caller: a.name,
          ratio: a.ratio,
          expiresInMinutes: a.expires,
        }),
      );
      return { json: p, text: previewText(p) };
    }
    const plan = describe(`caller ${a.name}`, a.ratio, a.expires);
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) =>
      api.degradation.setCaller.mutate({
        caller: a.name,
        ratio: a.ratio,
        expiresInMinutes: a.expires,
        reason: a.reason ?? '',
        breakGlassReason: a.breakGlass,
      }),
    );
    return {
      json: { ...result, caller: a.name, ratio: a.ratio },
      text: `published version ${result.version}: ${plan}`,
    };
  },
});

const keyCommand = defineCommand({
  path: ['degrade', 'key'],
  summary: 'drop a share of requests for one exact hot key (0 removes the rule)',
  positionals: ['key', 'ratio'],
  flags: FLAGS,
  args: ZDropFlags.extend({
    key: z.string().min(1).max(1024),
    ratio: ZRatioArg,
    expires: ZExpires,
    breakGlass: ZBreakGlass,
  }).refine(needsReason, REASON),
  async run(a, ctx) {
    if (a.dryRun === true) {
      const p = await withApi(ctx.cwd, (api) =>
        api.degradation.previewDrop.query({ kind: 'key', key: a.key, ratio: a.ratio, expiresInMinutes: a.expires }),
      );
      return { json: p, text: previewText(p) };
    }
    const plan = describe(`key ${a.key}`, a.ratio, a.expires);
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) =>
      api.degradation.setKey.mutate({
        key: a.key,
        ratio: a.ratio,
        expiresInMinutes: a.expires,
        reason: a.reason ?? '',
        breakGlassReason: a.breakGlass,
      }),
    );
    return { json: { ...result, key: a.key, ratio: a.ratio }, text: `published version ${result.version}: ${plan}` };
  },
});

export const degradeCommands: readonly Command[] = [callerCommand, keyCommand];
