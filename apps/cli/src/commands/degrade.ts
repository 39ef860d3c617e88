/** `syctl degrade caller <name> <ratio>` and `syctl degrade key <key> <ratio>`: publish at once; ratio 0 removes. */
import { ZName } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const ZRatioArg = z.coerce.number({ error: 'ratio must be a number between 0 and 1' }).min(0, 'ratio must be between 0 and 1').max(1, 'ratio must be between 0 and 1');
const FLAGS = {
  ...MUTATION_FLAGS,
  expires: { type: 'string', description: 'minutes until the rule expires (default: never)' },
  'break-glass': { type: 'string', description: 'admin only: publish despite breached safety rules; give the reason (audited)' },
} as const;
const ZBreakGlass = z.string().min(3, 'give a break-glass reason of at least 3 characters').optional();
const ZExpires = z.coerce.number().positive('expires must be a positive number of minutes').optional();

const describe = (what: string, ratio: number, expires: number | undefined): string =>
  ratio === 0 ? `remove the drop rule for ${what}` : `drop ${(ratio * 100).toFixed(1)}% of requests for ${what}${expires ? ` for ${expires} min` : ''}`;

const callerCommand = defineCommand({
  path: ['degrade', 'caller'],
  summary: "drop a share of a caller's requests (0 removes the rule)",
  positionals: ['name', 'ratio'],
  flags: FLAGS,
  args: ZMutationFlags.extend({ name: ZName, ratio: ZRatioArg, expires: ZExpires, breakGlass: ZBreakGlass }),
  async run(a, ctx) {
    const plan = describe(`caller ${a.name}`, a.ratio, a.expires);
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) =>
      api.degradation.setCaller.mutate({ caller: a.name, ratio: a.ratio, expiresInMinutes: a.expires, reason: a.reason, breakGlassReason: a.breakGlass }),
    );
    return { json: { ...result, caller: a.name, ratio: a.ratio }, text: `published version ${result.version}: ${plan}` };
  },
});

const keyCommand = defineCommand({
  path: ['degrade', 'key'],
  summary: 'drop a share of requests for one exact hot key (0 removes the rule)',
  positionals: ['key', 'ratio'],
  flags: FLAGS,
  args: ZMutationFlags.extend({ key: z.string().min(1).max(1024), ratio: ZRatioArg, expires: ZExpires, breakGlass: ZBreakGlass }),
  async run(a, ctx) {
    const plan = describe(`key ${a.key}`, a.ratio, a.expires);
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) => api.degradation.setKey.mutate({ key: a.key, ratio: a.ratio, expiresInMinutes: a.expires, reason: a.reason, breakGlassReason: a.breakGlass }));
    return { json: { ...result, key: a.key, ratio: a.ratio }, text: `published version ${result.version}: ${plan}` };
  },
});

export const degradeCommands: readonly Command[] = [callerCommand, keyCommand];
