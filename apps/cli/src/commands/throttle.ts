/**
 * `syctl throttle set <key> <qps>`, `syctl throttle clear <key>`, `syctl throttle list`:
 * hot-key throttles (seed 003 level 1). The limit is per worker process; requests over it
 * get `-ERR SWITCHYARD throttled (key <key>)`. Set and clear publish at once.
 */
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

const ZKeyArg = z.string().min(1).max(1024);
const ZQpsArg = z.coerce
  .number({ error: 'qps must be a positive number' })
  .positive('qps must be a positive number (use `syctl throttle clear` to remove a rule)');
const ZExpires = z.coerce.number().positive('expires must be a positive number of minutes').optional();

const setCommand = defineCommand({
  path: ['throttle', 'set'],
  summary: 'limit one exact hot key to <qps> requests per second per worker; only the excess is refused',
  positionals: ['key', 'qps'],
  flags: {
    ...MUTATION_FLAGS,
    expires: { type: 'string', description: 'minutes until the rule expires (default: never)' },
  },
  args: ZMutationFlags.extend({ key: ZKeyArg, qps: ZQpsArg, expires: ZExpires }),
  async run(a, ctx) {
    const plan = `throttle key ${a.key} to ${a.qps} requests/s per worker${a.expires ? ` for ${a.expires} min` : ''}`;
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) =>
      api.degradation.setThrottle.mutate({ key: a.key, qps: a.qps, expiresInMinutes: a.expires, reason: a.reason }),
    );
    const warning = result.warning ? `\nwarning: ${result.warning}` : '';
    return {
      json: { ...result, key: a.key, qps: a.qps },
      text: `published version ${result.version}: ${plan}${warning}`,
    };
  },
});

const clearCommand = defineCommand({
  path: ['throttle', 'clear'],
  summary: "remove a key's throttle rule",
  positionals: ['key'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ key: ZKeyArg }),
  async run(a, ctx) {
    const plan = `remove the throttle rule for key ${a.key}`;
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) =>
      api.degradation.clearThrottle.mutate({ key: a.key, reason: a.reason }),
    );
    return { json: { ...result, key: a.key }, text: `published version ${result.version}: ${plan}` };
  },
});

const listCommand = defineCommand({
  path: ['throttle', 'list'],
  summary: 'list the throttle rules of the published config',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const result = await withApi(ctx.cwd, (api) => api.degradation.listThrottles.query());
    const rows = result.throttles.map(
      (t) =>
        `  ${t.key.padEnd(40)} ${String(t.qps).padStart(8)}/s per worker  ${t.expiresAt ? `until ${t.expiresAt}` : 'no expiry'}${t.active ? '' : '  (expired)'}`,
    );
    const auto = result.autoThrottle
      ? `\nauto: keys above ${result.autoThrottle.aboveQps} qps → ${result.autoThrottle.qps} qps per worker`
      : '';
    return {
      json: result,
      text:
        (rows.length
          ? `version ${result.version}\n${rows.join('\n')}`
          : `version ${result.version}: no throttle rules`) + auto,
    };
  },
});

const autoCommand = defineCommand({
  path: ['throttle', 'auto'],
  summary: "throttle any key a worker detects above <above-qps> to <qps> (both per worker); 'off' turns it off",
  positionals: ['aboveQps', 'qps?'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.extend({ aboveQps: z.union([z.literal('off'), ZQpsArg]), qps: ZQpsArg.optional() }),
  async run(a, ctx) {
    if (a.aboveQps !== 'off' && a.qps === undefined)
      throw new CliError('INVALID_ARGUMENT', 'give <above-qps> <qps>, or off');
    const auto = a.aboveQps === 'off' ? null : { aboveQps: a.aboveQps, qps: a.qps! };
    const plan =
      auto === null
        ? 'turn automatic hot-key throttling off'
        : `throttle any key detected above ${auto.aboveQps} qps to ${auto.qps} qps (per worker)`;
    requireYes(a.yes, plan);
    const result = await withApi(ctx.cwd, (api) => api.degradation.setAutoThrottle.mutate({ auto, reason: a.reason }));
    return { json: { ...result, autoThrottle: auto }, text: `published version ${result.version}: ${plan}` };
  },
});

export const throttleCommands: readonly Command[] = [setCommand, clearCommand, listCommand, autoCommand];
