/** `syctl recon report <id>`: a migration's reconciliation runs, newest first (DESIGN §7 step 3). */
import { z } from 'zod';
import { withApi } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const reportCommand = defineCommand({
  path: ['recon', 'report'],
  summary: "a migration's reconciliation runs, newest first, with counters per key type",
  positionals: ['id'],
  flags: { limit: { type: 'string', description: 'how many runs (default 20)' } },
  args: z.object({ id: z.string().min(1), limit: z.coerce.number().int().min(1).max(500).default(20), json: z.boolean().optional() }),
  async run(a, ctx) {
    const { runs } = await withApi(ctx.cwd, (api) => api.recon.report.query({ id: a.id, limit: a.limit }));
    const lines = runs.map((r) =>
      `${r.startedAt}  ${r.direction.padEnd(7)} ${r.finished ? 'finished' : 'running '}  scanned ${r.scanned}, equal ${r.equal}, differing ${r.differing}, resolved on re-check ${r.resolvedOnRecheck}, repaired ${r.repaired}, unresolved ${r.unresolved}`);
    return { json: runs, text: lines.length ? lines.join('\n') : 'no reconciliation runs yet' };
  },
});

export const reconCommands: readonly Command[] = [reportCommand];
