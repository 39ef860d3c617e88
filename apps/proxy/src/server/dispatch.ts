/**
 * The per-command pipeline: resp → auth → protections → routing → upstream. Each command
 * captures the active config once, here, and uses that object until its reply.
 */
import type { CompiledCaller } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { checkProtections } from '../protections/protections.ts';
import type { Command } from '../resp/command.ts';
import { arityOk, commandSpec, DANGEROUS_COMMANDS, LOCAL_COMMANDS } from '../routing/command-table.ts';
import { planCommand } from '../routing/plan.ts';
import { forward, split } from '../upstream/execute.ts';
import type { ClientSession } from './client-session.ts';
import { runLocalCommand } from './local-commands.ts';
import { exec, queueInTransaction, watch } from './transaction.ts';

/** Commands allowed before AUTH, as in Redis. */
const PRE_AUTH = new Set(['AUTH', 'HELLO', 'QUIT']);
const upperCache = new Map<string, string>();

function commandName(command: Command): string {
  const raw = command.latin1(0);
  let upper = upperCache.get(raw);
  if (upper === undefined) {
    upper = raw.toUpperCase();
    if (upperCache.size < 1000) upperCache.set(raw, upper);
  }
  return upper;
}

export function dispatch(session: ClientSession, command: Command): void {
  const ctx = session.ctx;
  ctx.stats.commandsProcessed++;
  const name = commandName(command);
  const active = ctx.holder.current;
  if (session.caller === null && !PRE_AUTH.has(name)) return session.reply(errorReply('NOAUTH'));
  if (session.tx !== null && name !== 'EXEC' && name !== 'DISCARD' && name !== 'MULTI' && name !== 'WATCH' && name !== 'QUIT' && name !== 'RESET') {
    return queueInTransaction(session, name, command);
  }
  if (LOCAL_COMMANDS.has(name)) return runLocalCommand(session, name, command.args());
  if (active === null) return session.reply(errorReply('NO_CONFIG'));
  const caller = callerOf(session);
  if (caller === null) return session.reply(errorReply('NOAUTH'));
  const refusal = admit(caller, name, command);
  if (refusal !== null) return session.reply(refusal);
  const spec = commandSpec(name)!;
  if (name === 'WATCH') return watch(session, active.compiled, caller, command);
  const cfg = active.compiled;
  const protection = checkProtections(cfg, caller, name, command);
  if (protection !== null) return session.reply(protection);
  const plan = planCommand(cfg, caller, spec, command);
  if (plan.kind === 'reply') return session.reply(plan.reply);
  const slot = session.reserve();
  const done = (buf: Buffer, start: number, end: number): void => session.fill(slot, buf, start, end);
  if (plan.kind === 'forward') forward(ctx, cfg, plan.route, command, done);
  else split(ctx, cfg, plan.mode, plan.groups, command, plan.keyIndices, done);
}

/** The session's caller as the current config knows it (a removed caller loses access live). */
export function callerOf(session: ClientSession): CompiledCaller | null {
  if (session.caller === null) return null;
  return session.ctx.holder.current?.compiled.callers.get(session.caller) ?? null;
}

/** Dangerous, unknown, badly-sized or not-permitted commands get their error reply; else null. */
export function admit(caller: CompiledCaller, name: string, command: Command): Buffer | null {
  if (DANGEROUS_COMMANDS.has(name)) return errorReply('DANGEROUS', name);
  const spec = commandSpec(name);
  if (spec === undefined) return errorReply('UNKNOWN_COMMAND', command.text(0).slice(0, 128));
  if (!arityOk(spec, command.argc)) return errorReply('WRONG_ARITY', name);
  if (caller.commands !== null && !caller.commands.has(name)) return errorReply('NOPERM_COMMAND', caller.name, name);
  return null;
}

