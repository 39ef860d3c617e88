/** `syctl requests list|approve|reject|cancel`: two-person approval of gated changes (docs/SAFETY.md). */
import { z } from 'zod';
import { MUTATION_FLAGS, requireYes, withApi, ZMutationFlags } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

type TRequest = {
  id: string;
  action: string;
  summary: string;
  requester: string;
  status: string;
  expiresAt: string;
  scheduledAt: string | null;
  decidedBy: string | null;
  error: string | null;
};

const line = (r: TRequest): string => {
  const when =
    r.status === 'pending'
      ? `expires ${r.expiresAt}`
      : r.scheduledAt && r.status === 'approved'
        ? `runs at ${r.scheduledAt}`
        : r.decidedBy
          ? `by ${r.decidedBy}`
          : '';
  return `${r.id}  ${r.status.padEnd(9)} ${r.action.padEnd(13)} ${r.summary} (requested by ${r.requester}) ${when}${r.error ? `: ${r.error}` : ''}`;
};

const ZStatus = z
  .enum(['pending', 'approved', 'rejected', 'expired', 'cancelled', 'running', 'done', 'failed'])
  .optional();

const listCommand = defineCommand({
  path: ['requests', 'list'],
  summary: "list change requests waiting for (or past) a second person's decision",
  positionals: [],
  flags: { status: { type: 'string', description: 'only this status (pending, approved, done, …)' } },
  args: z.object({ status: ZStatus, json: z.boolean().optional() }),
  async run(a, ctx) {
    const rows = await withApi(ctx.cwd, (api) =>
      api.requests.list.query({ limit: 50, ...(a.status ? { status: a.status } : {}) }),
    );
    return { json: rows, text: rows.length === 0 ? 'no change requests' : rows.map(line).join('\n') };
  },
});

const decision = (verb: 'approve' | 'reject' | 'cancel', summary: string) =>
  defineCommand({
    path: ['requests', verb],
    summary,
    positionals: ['id'],
    flags: {
      ...MUTATION_FLAGS,
      ...(verb === 'approve'
        ? { at: { type: 'string', description: 'run at this ISO time (e.g. 2026-12-07T02:00:00Z) instead of now' } }
        : {}),
    },
    args: ZMutationFlags.extend({
      id: z.string().min(1).max(100),
      at: z.iso.datetime({ offset: true, error: 'at must be an ISO time such as 2026-12-07T02:00:00Z' }).optional(),
    }),
    async run(a, ctx) {
      requireYes(a.yes, `${verb} change request ${a.id}${a.at ? ` to run at ${a.at}` : ''}`);
      const r = await withApi(ctx.cwd, (api) =>
        verb === 'approve'
          ? api.requests.approve.mutate({ id: a.id, reason: a.reason, ...(a.at ? { runAt: a.at } : {}) })
          : verb === 'reject'
            ? api.requests.reject.mutate({ id: a.id, reason: a.reason })
            : api.requests.cancel.mutate({ id: a.id, reason: a.reason }),
      );
      return { json: r, text: line(r) };
    },
  });

export const requestCommands: readonly Command[] = [
  listCommand,
  decision('approve', "approve another user's change request: it runs now, or at --at"),
  decision('reject', "reject another user's change request"),
  decision('cancel', 'cancel a pending request, or an approved one before it runs'),
];
