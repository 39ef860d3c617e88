/**
 * The console's catalog of user-visible errors. Codes are stable (the UI and `syctl` match
 * on them); each names the tRPC code the router edge answers with (trpc-errors.ts) and a
 * message that says what to do next. Services throw ApiError, which knows nothing of tRPC.
 */
import { RECON_PHASE_SPAN, RECON_PHASES, SwitchyardError } from '@switchyard/core';

/** tRPC's codes, by name only: the mapping to TRPCError happens at the router edge. */
export type TrpcCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR'
  | 'SERVICE_UNAVAILABLE';

export const API_ERRORS = {
  UNAUTHENTICATED: ['UNAUTHORIZED', 'sign in (or pass a valid API token) first'],
  FORBIDDEN_ROLE: ['FORBIDDEN', 'your role may not do this; ask an admin'],
  CSRF_ORIGIN: ['FORBIDDEN', 'the request Origin does not match the console host; reload the page'],
  DRAFT_MISSING: ['PRECONDITION_FAILED', 'there is no draft yet; seed the database first'],
  DRAFT_STALE: ['CONFLICT', 'the draft changed since you loaded it; reload and apply your edit again'],
  DRAFT_INVALID: ['PRECONDITION_FAILED', 'the draft has problems; fix them before publishing'],
  PUBLISH_RACE: ['CONFLICT', 'another publish happened at the same moment; retry'],
  NO_PUBLISHED_VERSION: ['PRECONDITION_FAILED', 'nothing has been published yet; publish the draft first'],
  VERSION_NOT_FOUND: ['NOT_FOUND', 'no such config version'],
  NOT_FOUND: ['NOT_FOUND', 'no such item'],
  ALREADY_EXISTS: ['CONFLICT', 'an item with this name already exists'],
  INVALID_INPUT: ['BAD_REQUEST', 'the input is invalid'],
  FAILOVER_INTERLOCK: [
    'PRECONDITION_FAILED',
    'a failover interlock refused the switch; fix the cause or override it with a reason',
  ],
  FAILOVER_NOT_ACTIVE: ['PRECONDITION_FAILED', 'this region has no failover override to clear'],
  FAILOVER_CONFIRM: ['BAD_REQUEST', 'confirmRegion must repeat the region you switch away from'],
  ROLLBACK_CHANGES_FAILOVER: [
    'PRECONDITION_FAILED',
    'that version routes regions differently; use failover set/clear (they also switch replication), then roll back',
  ],
  ROLLBACK_NEEDS_ADMIN: [
    'FORBIDDEN',
    'that version differs in parts only an admin may change; ask an admin to roll back',
  ],
  FAILBACK_STEP_FAILED: [
    'INTERNAL_SERVER_ERROR',
    'a failback step failed; see the step report, fix the cause and retry',
  ],
  WORKFLOW_UNFINISHED: [
    'PRECONDITION_FAILED',
    'a failover or failback workflow is unfinished; wait for the console to finish it (Failover page) before starting another',
  ],
  WORKFLOW_ROLLED_BACK: [
    'PRECONDITION_FAILED',
    'a step before the publish failed, so the workflow was rolled back and nothing moved; fix the cause (see the steps) and retry',
  ],
  FAILBACK_CONFIRM: ['BAD_REQUEST', 'confirmRegion must repeat the region you fail back to'],
  REDIS_UNREACHABLE: ['SERVICE_UNAVAILABLE', 'a Redis instance did not answer'],
  MIGRATION_REFUSED: [
    'PRECONDITION_FAILED',
    'the migration state machine refused this transition; see data.details.code',
  ],
  RECON_NOT_RUNNING: [
    'PRECONDITION_FAILED',
    `reconciliation runs from ${RECON_PHASE_SPAN}; advance the migration to ${RECON_PHASES[0]} first`,
  ],
  RECON_NO_DIFFERENCE: [
    'NOT_FOUND',
    "that key is not in the latest reconciliation's differences; re-run the reconciliation and pick a listed key",
  ],
  SAFETY_RULE_BREACH: [
    'PRECONDITION_FAILED',
    'a safety rule refused this change (see data.details); fix the cause, or an admin may override it with a break-glass reason',
  ],
  BREAK_GLASS_ADMIN_ONLY: ['FORBIDDEN', 'only an admin may override a safety rule; ask an admin'],
  SAFETY_RULES_STALE: ['CONFLICT', 'the safety rules changed since you loaded them; reload and apply your edit again'],
  APPROVAL_REQUIRED: [
    'PRECONDITION_FAILED',
    "this change needs a second person's approval; it was filed as a change request (see data.details.requestId) for another user to approve",
  ],
  REQUEST_SELF_APPROVAL: [
    'FORBIDDEN',
    'you filed this request, so another user must approve or reject it (you may cancel it)',
  ],
  REQUEST_NOT_PENDING: ['CONFLICT', 'this request was already decided, cancelled or run; reload the list'],
  REQUEST_EXPIRED: ['PRECONDITION_FAILED', 'this request expired before anyone approved it; file the change again'],
  CANARY_REFUSED: [
    'PRECONDITION_FAILED',
    'a canary publish is not possible now (see the message); publish without a canary',
  ],
  SCOPE_INVALID: ['BAD_REQUEST', 'the scope needs both M (modulo ≥ 2) and r (0 ≤ r < M)'],
} as const satisfies Record<string, readonly [TrpcCode, string]>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** Thrown by services, on the shared base (@switchyard/core's SwitchyardError); neutral of any transport. */
export class ApiError extends SwitchyardError<ApiErrorCode> {
  override name = 'ApiError';
  constructor(code: ApiErrorCode, message: string = API_ERRORS[code][1], details?: unknown) {
    super(code, message, details === undefined ? {} : { details });
  }

  /** The tRPC code the router edge answers with (trpc-errors.ts). */
  get trpcCode(): TrpcCode {
    return API_ERRORS[this.code][0];
  }
}

export const apiError = (code: ApiErrorCode, message?: string, details?: unknown): ApiError =>
  new ApiError(code, message, details);
