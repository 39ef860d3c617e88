/**
 * Runs approved requests: at approval time, or later from the console's scheduler loop. A
 * request is claimed approved → running with one conditional update, so of several consoles
 * (or a request and the loop) exactly one runs it.
 */
import type { ApiDeps } from '../../deps.ts';
import { toDbJson } from '../../db.ts';
import { ZRole, type Actor } from '../../roles.ts';
import { writeAudit } from '../audit-service.ts';
import { watchCanaries } from '../canary/canary-watch.ts';
import { runGatedAction, ZGatedAction } from './gated-actions.ts';

/** The requester acts, with their current role (a demoted requester's change fails its role checks). */
async function requesterActor(deps: ApiDeps, email: string): Promise<Actor> {
  const user = await deps.db.user.findUnique({ where: { email } });
  if (!user) throw new Error(`the requester ${email} no longer exists`);
  return { userId: user.id, email: user.email, name: user.name, role: ZRole.parse(user.role), via: 'internal' };
}

export async function runRequest(deps: ApiDeps, id: string): Promise<'done' | 'failed' | 'skipped'> {
  const { count } = await deps.db.changeRequest.updateMany({
    where: { id, status: 'approved' },
    data: { status: 'running' },
  });
  if (count === 0) return 'skipped';
  const row = await deps.db.changeRequest.findUniqueOrThrow({ where: { id } });
  const entry = { actor: row.requester, action: 'requests.run', target: id, reason: row.reason };
  try {
    const actor = await requesterActor(deps, row.requester);
    const result = await runGatedAction(deps, actor, ZGatedAction.parse(row.action), row.payload);
    await deps.db.changeRequest.update({ where: { id }, data: { status: 'done', result: toDbJson(result) ?? {} } });
    await writeAudit(deps.db, { ...entry, after: { action: row.action, approvedBy: row.decidedBy }, outcome: 'ok' });
    return 'done';
  } catch (error) {
    const message = (error as Error).message;
    await deps.db.changeRequest.update({ where: { id }, data: { status: 'failed', error: message.slice(0, 2000) } });
    await writeAudit(deps.db, {
      ...entry,
      after: { action: row.action, approvedBy: row.decidedBy, error: message },
      outcome: 'error',
    });
    return 'failed';
  }
}

/** One scheduler pass: expire what waited too long, run what is approved and due. */
export async function runDueRequests(
  deps: ApiDeps,
  now = new Date(),
): Promise<{ expired: number; ran: { id: string; outcome: string }[] }> {
  const { count: expired } = await deps.db.changeRequest.updateMany({
    where: { status: 'pending', expiresAt: { lte: now } },
    data: { status: 'expired' },
  });
  const due = await deps.db.changeRequest.findMany({
    where: { status: 'approved', scheduledAt: { lte: now } },
    orderBy: { scheduledAt: 'asc' },
  });
  const ran: { id: string; outcome: string }[] = [];
  for (const row of due) ran.push({ id: row.id, outcome: await runRequest(deps, row.id) });
  return { expired, ran };
}

export interface RequestScheduler {
  stop(): Promise<void>;
}

/** One pass of the console's loop: change requests, then canaries (issue 18). */
async function schedulerPass(deps: ApiDeps) {
  const requests = await runDueRequests(deps);
  const canaries = await watchCanaries(deps);
  return { ...requests, canaries };
}

/** Started by every console process next to the workflow resumer; passes never overlap in one process. */
export function startRequestScheduler(
  deps: ApiDeps,
  everyMs: number,
  log: (line: Record<string, unknown>) => void = () => undefined,
): RequestScheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): void => {
    if (running || stopped) return;
    running = schedulerPass(deps)
      .then((pass) =>
        pass.expired > 0 || pass.ran.length > 0 || pass.canaries.length > 0
          ? log({ event: 'scheduler_pass', ...pass })
          : undefined,
      )
      .catch((error: unknown) => log({ event: 'request_scheduler_error', message: (error as Error).message }))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
