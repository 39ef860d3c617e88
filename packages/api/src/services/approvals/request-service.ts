/**
 * Two-person approval (issue 18). A gated call files a ChangeRequest instead of acting; a
 * second user (never the requester) approves or rejects it before it expires. An approved
 * request runs at once or at its scheduled time (request-runner.ts), and can be cancelled
 * until it starts. Every step is audited (`requests.*`).
 */
import { randomBytes } from 'node:crypto';
import type { ChangeRequest } from '@switchyard/db/types';
import type { z } from 'zod';
import { apiError } from '../../errors.ts';
import { toDbJson, type Db } from '../../db.ts';
import type { ApiDeps } from '../../deps.ts';
import type { Actor } from '../../roles.ts';
import { ZRequestView } from '../../routers/requests/request.types.ts';
import { writeAudit } from '../audit-service.ts';
import { currentRules } from '../safety/safety-service.ts';
import { needsApproval, type TGatedAction } from './gated-actions.ts';
import { runRequest } from './request-runner.ts';

export type TRequestView = z.infer<typeof ZRequestView>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
export const requestView = (r: ChangeRequest): TRequestView => ({
  id: r.id,
  action: r.action,
  summary: r.summary,
  requester: r.requester,
  reason: r.reason,
  status: ZRequestView.shape.status.parse(r.status),
  expiresAt: r.expiresAt.toISOString(),
  scheduledAt: iso(r.scheduledAt),
  decidedBy: r.decidedBy,
  decidedAt: iso(r.decidedAt),
  decisionReason: r.decisionReason,
  error: r.error,
  createdAt: r.createdAt.toISOString(),
});

export interface GateInput {
  action: TGatedAction;
  payload: unknown;
  summary: string;
  reason: string;
}

/**
 * Called by a gated procedure before it acts: when the policy asks for approval, the call
 * becomes a pending request and the caller gets APPROVAL_REQUIRED with its id.
 */
export async function requireApproval(deps: ApiDeps, actor: Actor, gate: GateInput): Promise<void> {
  const { rules } = await currentRules(deps.db);
  if (!needsApproval(rules.approvals, gate.action, gate.payload)) return;
  const id = `cr-${randomBytes(6).toString('hex')}`;
  const expiresAt = new Date(Date.now() + rules.approvals.expiresInMinutes * 60_000);
  await deps.db.changeRequest.create({
    data: {
      id,
      action: gate.action,
      payload: toDbJson(gate.payload) ?? {},
      summary: gate.summary,
      requester: actor.email,
      reason: gate.reason,
      status: 'pending',
      expiresAt,
    },
  });
  await writeAudit(deps.db, {
    actor: actor.email,
    action: 'requests.create',
    target: id,
    reason: gate.reason,
    after: { action: gate.action, summary: gate.summary, expiresAt: expiresAt.toISOString() },
    outcome: 'ok',
  });
  throw apiError(
    'APPROVAL_REQUIRED',
    `${gate.summary} needs approval by a second user: filed as request ${id} (expires ${expiresAt.toISOString()}); another operator approves it in the console or with: syctl requests approve ${id}`,
    { requestId: id },
  );
}

/** Pending requests past their expiry become `expired` (on every read and scheduler pass). */
export async function expireRequests(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.changeRequest.updateMany({
    where: { status: 'pending', expiresAt: { lte: now } },
    data: { status: 'expired' },
  });
  return count;
}

export async function listRequests(
  db: Db,
  input: { status?: string | undefined; limit: number },
): Promise<TRequestView[]> {
  await expireRequests(db);
  const rows = await db.changeRequest.findMany({
    where: input.status ? { status: input.status } : {},
    orderBy: { createdAt: 'desc' },
    take: input.limit,
  });
  return rows.map(requestView);
}

async function loadPending(
  deps: ApiDeps,
  actor: Actor,
  id: string,
  verb: 'approve' | 'reject',
): Promise<ChangeRequest> {
  await expireRequests(deps.db);
  const row = await deps.db.changeRequest.findUnique({ where: { id } });
  const entry = { actor: actor.email, action: `requests.${verb}`, target: id };
  const refuse = async (error: ReturnType<typeof apiError>): Promise<never> => {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { error: error.code, message: error.message } });
    throw error;
  };
  if (!row) return refuse(apiError('NOT_FOUND', `no change request '${id}'`));
  if (row.requester === actor.email)
    return refuse(apiError('REQUEST_SELF_APPROVAL', `you (${actor.email}) filed ${id}; another user must ${verb} it`));
  if (row.status === 'expired')
    return refuse(
      apiError('REQUEST_EXPIRED', `${id} expired at ${row.expiresAt.toISOString()}; file the change again`),
    );
  if (row.status !== 'pending') return refuse(apiError('REQUEST_NOT_PENDING', `${id} is ${row.status}, not pending`));
  return row;
}

/** Claims pending → `status` atomically, so two approvers cannot both decide one request. */
async function decide(
  deps: ApiDeps,
  actor: Actor,
  row: ChangeRequest,
  status: 'approved' | 'rejected',
  reason: string,
  runAt: Date | null,
): Promise<void> {
  const { count } = await deps.db.changeRequest.updateMany({
    where: { id: row.id, status: 'pending' },
    data: { status, decidedBy: actor.email, decidedAt: new Date(), decisionReason: reason, scheduledAt: runAt },
  });
  if (count === 0) throw apiError('REQUEST_NOT_PENDING', `${row.id} was decided by someone else a moment ago`);
  const verb = status === 'approved' ? 'approve' : 'reject';
  await writeAudit(deps.db, {
    actor: actor.email,
    action: `requests.${verb}`,
    target: row.id,
    reason,
    after: { action: row.action, summary: row.summary, requester: row.requester, scheduledAt: iso(runAt) },
    outcome: 'ok',
  });
}

export async function approveRequest(
  deps: ApiDeps,
  actor: Actor,
  input: { id: string; reason: string; runAt?: string | undefined },
): Promise<TRequestView> {
  const row = await loadPending(deps, actor, input.id, 'approve');
  const runAt = input.runAt ? new Date(input.runAt) : null;
  const later = runAt !== null && runAt.getTime() > Date.now();
  await decide(deps, actor, row, 'approved', input.reason, later ? runAt : null);
  if (!later) await runRequest(deps, row.id);
  return requestView(await deps.db.changeRequest.findUniqueOrThrow({ where: { id: row.id } }));
}

export async function rejectRequest(
  deps: ApiDeps,
  actor: Actor,
  input: { id: string; reason: string },
): Promise<TRequestView> {
  const row = await loadPending(deps, actor, input.id, 'reject');
  await decide(deps, actor, row, 'rejected', input.reason, null);
  return requestView(await deps.db.changeRequest.findUniqueOrThrow({ where: { id: row.id } }));
}

/** Pending or approved-but-not-started requests can be cancelled (by the requester or any operator). */
export async function cancelRequest(
  deps: ApiDeps,
  actor: Actor,
  input: { id: string; reason: string },
): Promise<TRequestView> {
  const { count } = await deps.db.changeRequest.updateMany({
    where: { id: input.id, status: { in: ['pending', 'approved'] } },
    data: { status: 'cancelled', decisionReason: input.reason },
  });
  if (count === 0) {
    const error = apiError(
      'REQUEST_NOT_PENDING',
      `${input.id} is not waiting (already running, run, decided or unknown); it cannot be cancelled`,
    );
    await writeAudit(deps.db, {
      actor: actor.email,
      action: 'requests.cancel',
      target: input.id,
      reason: input.reason,
      outcome: 'denied',
      after: { error: error.code },
    });
    throw error;
  }
  await writeAudit(deps.db, {
    actor: actor.email,
    action: 'requests.cancel',
    target: input.id,
    reason: input.reason,
    outcome: 'ok',
  });
  return requestView(await deps.db.changeRequest.findUniqueOrThrow({ where: { id: input.id } }));
}
