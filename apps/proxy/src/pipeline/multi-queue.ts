/**
 * Inside MULTI, commands are queued client-side instead of run (commands/transaction.ts runs
 * MULTI, EXEC, DISCARD and WATCH). A queued command is validated now, as Redis does at queue
 * time: the same admission as outside MULTI (command permissions, caps, drops, QPS limits,
 * the in-flight bound). A refused command is answered with its error and makes EXEC abort
 * with EXECABORT, so nothing of the transaction runs.
 */
import { localRefusal } from '../commands/local-commands.ts';
import { errorReply } from '../errors.ts';
import { checkCaps } from '../protections/caps.ts';
import { checkProtections } from '../protections/protections.ts';
import type { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { NOT_IN_MULTI_COMMANDS, type CommandSpec } from '../routing/command-table.ts';
import type { ClientSession } from '../session/port.ts';
import { admit, callerOf } from './admission.ts';

export function queueInTransaction(
  session: ClientSession,
  name: string,
  spec: CommandSpec | undefined,
  command: Command,
  local = false,
): void {
  const tx = session.tx!;
  const refusal = local ? localRefusal(name, command.args(), true) : queueRefusal(session, name, spec, command);
  if (refusal !== null) {
    tx.dirty = true;
    return session.reply(refusal);
  }
  // The command's bytes stay valid: received buffers are never reused by the decoder.
  tx.queued.push({ name, command, local });
  session.reply(resp.QUEUED);
}

function queueRefusal(
  session: ClientSession,
  name: string,
  spec: CommandSpec | undefined,
  command: Command,
): Buffer | null {
  const ctx = session.ctx;
  const caller = callerOf(session);
  const active = ctx.holder.current;
  if (caller === null || active === null) return errorReply(active === null ? 'NO_CONFIG' : 'NOAUTH');
  const refusal = admit(caller, name, spec, command);
  if (refusal !== null) return refusal;
  // Refused when queued (EXECABORT follows, as for Redis's queue-time errors), not at EXEC.
  if (NOT_IN_MULTI_COMMANDS.has(name)) return errorReply('ISSUE13_IN_MULTI', name);
  return (
    checkCaps(ctx.settings.caps, ctx.stats.caps, spec!, command) ??
    checkProtections(ctx.guard.protections, active.compiled, caller, spec!, command)
  );
}
