/**
 * `syctl migration shadow <id> [<rate>]`: shadow-read compare during gray read (seed 001
 * §8.3.4.3). With a rate (0..1) it publishes the migration's sampled share (audited); without,
 * it prints the counters per key type summed over the live workers.
 */
import { ZRatio } from '@switchyard/core';
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

const shadowCommand = defineCommand({
  path: ['migration', 'shadow'],
  summary: 'show shadow-read compare counters of a migration, or set its sampled share of gray reads (0..1)',
  positionals: ['id', 'rate?'],
  flags: MUTATION_FLAGS,
  args: ZMutationFlags.partial({ reason: true }).extend({
    id: z.string().min(1).max(100),
    rate: z.coerce.number({ error: 'rate must be a number between 0 and 1' }).pipe(ZRatio).optional(),
  }),
  async run(a, ctx) {
    if (a.rate !== undefined) {
      const plan = `compare ${Number((a.rate * 100).toFixed(2))}% of gray reads of migration ${a.id} on both sides`;
      const reason = a.reason;
      if (reason === undefined) throw new CliError('INVALID_ARGUMENT', 'required: say why with --reason "<text>"');
      requireYes(a.yes, plan);
      const result = await withApi(ctx.cwd, (api) =>
        api.migrations.setShadowRate.mutate({ id: a.id, rate: a.rate!, reason }),
      );
      return { json: { ...result, id: a.id, rate: a.rate }, text: `published version ${result.version}: ${plan}` };
    }
    const s = await withApi(ctx.cwd, (api) => api.migrations.shadowReads.query({ id: a.id }));
    const rows = s.keyTypes.map(
      (k) =>
        `  ${k.keyType.padEnd(20)} compared ${k.compared}  equal ${k.equal}  differing ${k.differing}  missing-on-new ${k.missingOnNew}  not-found old ${k.notFoundOld} new ${k.notFoundNew}`,
    );
    const head = `migration ${s.id} ${s.phase}${s.phase === 'GRAY_READ' ? ` ${s.grayReadPercent}%` : ''}, shadow rate ${s.rate}, ${s.workers} live worker(s) reporting`;
    return { json: s, text: rows.length ? `${head}\n${rows.join('\n')}` : `${head}\n  no compared reads yet` };
  },
});

export const migrationShadowCommands: readonly Command[] = [shadowCommand];
