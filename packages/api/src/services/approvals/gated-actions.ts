/**
 * The actions that can need a second person's approval: which call each one is, when the
 * policy gates it, and how an approved request runs it (with the requester as the actor,
 * through the same service the direct call uses, so every check runs again at that time).
 */
import { z } from 'zod';
import type { ApiDeps } from '../../deps.ts';
import type { Actor } from '../../roles.ts';
import { ZFailoverClearRequestSchema } from '../../routers/failover/clear.types.ts';
import { ZFailoverSetRequestSchema } from '../../routers/failover/set.types.ts';
import { ZMigrationAdvanceRequestSchema } from '../../routers/migrations/advance.types.ts';
import { ZSetCallerDropRequestSchema } from '../../routers/degradation/set-caller.types.ts';
import { ZSetKeyDropRequestSchema } from '../../routers/degradation/set-key.types.ts';
import { ZRollbackVersionRequestSchema } from '../../routers/versions/rollback.types.ts';
import { setCallerDrop, setKeyDrop } from '../degradation-service.ts';
import { clearFailover } from '../failback-service.ts';
import { setFailover } from '../failover-service.ts';
import { transitionMigration } from '../migration-service.ts';
import type { TApprovals } from '../../routers/safety/rules.types.ts';
import { rollbackTo } from '../versions-service.ts';

export const GATED_ACTIONS = ['failover', 'failback', 'stopDualWrite', 'done', 'drop', 'rollback'] as const;
export const ZGatedAction = z.enum(GATED_ACTIONS);
export type TGatedAction = z.infer<typeof ZGatedAction>;

export const ZDropPayload = z.discriminatedUnion('kind', [
  ZSetCallerDropRequestSchema.extend({ kind: z.literal('caller') }),
  ZSetKeyDropRequestSchema.extend({ kind: z.literal('key') }),
]);

/** The action a call is, for the policy; null = never gated (e.g. an advance to BACKFILL). */
export function migrationAction(to: string): TGatedAction | null {
  return to === 'STOP_DUAL_WRITE' ? 'stopDualWrite' : to === 'DONE' ? 'done' : null;
}

export function needsApproval(approvals: TApprovals, action: TGatedAction, payload: unknown): boolean {
  if (action !== 'drop') return approvals[action];
  const ratio = ZDropPayload.safeParse(payload);
  // Removing a rule lowers drops: never held up.
  return (
    approvals.dropAbovePercent !== null &&
    ratio.success &&
    ratio.data.ratio > 0 &&
    ratio.data.ratio * 100 > approvals.dropAbovePercent
  );
}

/** Runs an approved request's change; the payload is parsed again with the call's own schema. */
export async function runGatedAction(
  deps: ApiDeps,
  actor: Actor,
  action: TGatedAction,
  payload: unknown,
): Promise<unknown> {
  switch (action) {
    case 'failover':
      return setFailover(deps, actor, ZFailoverSetRequestSchema.parse(payload));
    case 'failback':
      return clearFailover(deps, actor, ZFailoverClearRequestSchema.parse(payload));
    case 'stopDualWrite':
    case 'done':
      return transitionMigration(deps, actor, ZMigrationAdvanceRequestSchema.parse(payload), false);
    case 'drop': {
      const drop = ZDropPayload.parse(payload);
      return drop.kind === 'caller' ? setCallerDrop(deps.db, actor, drop) : setKeyDrop(deps.db, actor, drop);
    }
    case 'rollback':
      return rollbackTo(deps.db, actor, ZRollbackVersionRequestSchema.parse(payload));
  }
}
