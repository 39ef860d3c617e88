/**
 * The per-command pipeline: resp → auth → protections → routing → upstream. Each command
 * captures the active config once, here, and uses that object until its reply.
 */
import { callerMayRun, DEFAULT_CALLER, subcommandOf, type CompiledCaller, type CompiledConfig } from '@switchyard/core';
import { argsPreview, errorReply } from '../errors.ts';
import { NEWID_COMMAND, runNewId } from '../commands/new-id.ts';
import { runScriptCommand } from '../commands/script-cache.ts';
import { cacheEnabled } from '../cache/cache-policy.ts';
import { serveCached } from '../cache/cached-reads.ts';
import { invalidateQueued, invalidateWrite } from '../cache/write-invalidation.ts';
import { guardedSend, type ReplyFilter } from '../protections/guarded-send.ts';
import { checkCaps } from '../protections/caps.ts';
import { checkProtections, noteBigRequest } from '../protections/protections.ts';
import type { Command } from '../resp/command.ts';
import { arityOk, commandSpec, DANGEROUS_COMMANDS, ENUMERATING_COMMANDS, LOCAL_COMMANDS, SCRIPT_COMMANDS, SCRIPT_SUBCOMMANDS, type CommandSpec } from '../routing/command-table.ts';
import { planCommand } from '../routing/plan.ts';
import { scopeOf } from '../upstream/caller-users.ts';
import type { ClientSession } from './client-session.ts';
import { nopassDefault } from './hello.ts';
import { runLocalCommand } from './local-commands.ts';
import { exec, queueInTransaction, watch } from './transaction.ts';
import { ISSUE13_HANDLERS, type Issue13Handler } from './issue13-handlers.ts';
import { subscribeModeGate } from '../pubsub/subscribe-mode.ts';
import { debugProtocolReply, isDebugProtocol } from './debug-protocol.ts';

/** Commands allowed before AUTH, as in Redis. */
const PRE_AUTH = new Set(['AUTH', 'HELLO', 'QUIT']);

/** Everything dispatch needs to know about a command name, found with one map lookup. */
interface CommandInfo {
  name: string;
  spec: CommandSpec | undefined;
  local: boolean;
  /** Blocking, pub/sub and SCAN commands run by their own modules; null for everything else. */
  handler: Issue13Handler | null;
}

const infoCache = new Map<string, CommandInfo>();

function commandInfo(command: Command): CommandInfo {
  const raw = command.latin1(0);
  let info = infoCache.get(raw);
  if (info === undefined) {
    const name = raw.toUpperCase();
    info = { name, spec: commandSpec(name), local: LOCAL_COMMANDS.has(name), handler: ISSUE13_HANDLERS.get(name) ?? null };
    // Bounded: a client sending random command names must not grow it.
    if (infoCache.size < 2000) infoCache.set(raw, info);
  }
  return info;
}

export function dispatch(session: ClientSession, command: Command): void {
  const ctx = session.ctx;
  ctx.stats.commandsProcessed++;
  const info = commandInfo(command);
  const name = info.name;
  session.lastCommand = name;
  const active = ctx.holder.current;
  if (session.caller === null && !PRE_AUTH.has(name)) {
    const refusal = implicitDefault(session);
    if (refusal !== null) return session.reply(refusal);
  }
  // RESP2 subscribe mode allows only the (un)subscribes, PING, QUIT and RESET, as Redis does.
  if (session.pubsub !== null && subscribeModeGate(session, name, command)) return;
  if (session.tx !== null && name !== 'EXEC' && name !== 'DISCARD' && name !== 'MULTI' && name !== 'WATCH' && name !== 'QUIT' && name !== 'RESET') {
    return queueInTransaction(session, name, info.spec, command, info.local);
  }
  if (name === 'EXEC' && session.tx !== null && active !== null) invalidateQueued(ctx.guard, active.compiled, session.tx.queued);
  if (info.local) return runLocalCommand(session, name, command.args());
  if (active === null) return session.reply(errorReply('NO_CONFIG'));
  const caller = callerOf(session);
  if (caller === null) return session.reply(errorReply('NOAUTH'));
  if (name === 'DEBUG' && isDebugProtocol(command)) return session.reply(debugProtocolReply(command, session.protocol));
  const refusal = admit(caller, name, info.spec, command);
  if (refusal !== null) return session.reply(refusal);
  const spec = info.spec!; // admit refused unknown commands
  const capped = checkCaps(ctx.settings.caps, ctx.stats.caps, spec, command);
  if (capped !== null) return session.reply(capped);
  const cfg = active.compiled;
  const guard = ctx.guard;
  const protection = checkProtections(guard, cfg, caller, spec, command);
  if (protection !== null) return session.reply(protection);
  if (info.handler !== null) return info.handler(session, cfg, caller, name, command);
  if (name === 'WATCH') return watch(session, cfg, caller, command);
  if (name === NEWID_COMMAND) return runNewId(session, cfg, command);
  if (name === 'SCRIPT') return runScriptCommand(session, cfg, command);
  const plan = planCommand(cfg, caller, spec, command);
  if (plan.kind === 'reply') return session.reply(plan.reply);
  if (command.end - command.start > guard.bigKeys.requestBytes) noteBigRequest(guard, name, plan, command);
  // DESIGN §8 local cache: writes invalidate, cached reads may be answered here.
  let filter: ReplyFilter | null = null;
  if (spec.write) filter = invalidateWrite(guard, cfg, spec, plan, command);
  else if (cacheEnabled(cfg) && serveCached(session, cfg, caller, spec, plan, command)) return;
  if (SCRIPT_COMMANDS.has(name) && plan.kind === 'forward') {
    filter = watchScript(session, cfg, caller.name, name, plan.route.targets[0]!, filter);
    return guardedSend(session, cfg, caller.name, name, plan, command, filter, scopeOf(cfg, caller));
  }
  guardedSend(session, cfg, caller.name, name, plan, command, filter);
}

/** Runs the script under the worker's budget (protections/script-budget.ts); its reply ends the watch. */
function watchScript(session: ClientSession, cfg: CompiledConfig, caller: string, name: string, instance: string, inner: ReplyFilter | null): ReplyFilter {
  const done = session.ctx.scripts.watch(cfg, instance, caller, name);
  return (buf, start, end) => {
    done();
    return inner === null ? null : inner(buf, start, end);
  };
}

/**
 * A client that never sent AUTH is the nopass `default` caller when the config has one, as in
 * Redis (checked per command, so a config that adds or drops nopass applies at once); else
 * NOAUTH. Off the hot path: only unauthenticated sessions get here.
 */
function implicitDefault(session: ClientSession): Buffer | null {
  if (!nopassDefault(session.ctx)) return errorReply('NOAUTH');
  if (session.setCaller(DEFAULT_CALLER)) return null;
  return errorReply('CALLER_MAX_CLIENTS', DEFAULT_CALLER, session.ctx.settings.maxConnectionsPerCaller);
}

/** The session's caller as the current config knows it (a removed caller loses access live). */
export function callerOf(session: ClientSession): CompiledCaller | null {
  if (session.caller === null) return null;
  const cfg = session.ctx.holder.current?.compiled;
  if (cfg === undefined) return null;
  // Memoised per config object: the lookup repeats only after a swap or a new AUTH.
  if (session.callerMemo.cfg !== cfg || session.callerMemo.name !== session.caller) {
    session.callerMemo = { cfg, name: session.caller, caller: cfg.callers.get(session.caller) ?? null };
  }
  return session.callerMemo.caller;
}

/** Subcommands of containers (OBJECT, MEMORY, XINFO, XGROUP, PUBSUB). */
function movableRefusal(name: string, spec: CommandSpec, command: Command): Buffer | null {
  if (spec.subcommands === null || name === 'SCRIPT') return null;
  const sub = subcommandOf(spec, command);
  if (sub === undefined) return errorReply('REDIS', `ERR unknown subcommand '${command.text(1).slice(0, 128)}'. Try ${name} HELP.`);
  if (sub.serving !== 'forward') return errorReply('DANGEROUS', sub.name);
  if (!arityOk(sub, command.argc)) return errorReply('WRONG_ARITY', sub.name);
  return null;
}

/**
 * Dangerous, unknown, badly-sized or not-permitted commands get their error reply; else null.
 * `spec` is the command table's entry for `name`, which the caller has already looked up.
 */
export function admit(caller: CompiledCaller, name: string, spec: CommandSpec | undefined, command: Command): Buffer | null {
  if (DANGEROUS_COMMANDS.has(name)) return errorReply(ENUMERATING_COMMANDS.has(name) ? 'ENUMERATION' : 'DANGEROUS', name);
  if (spec === undefined) return errorReply('UNKNOWN_COMMAND', command.text(0).slice(0, 128), argsPreview(command.args()));
  if (!arityOk(spec, command.argc)) return errorReply('WRONG_ARITY', name);
  if (spec.fixedKeys === null || spec.subcommands !== null) {
    const refused = movableRefusal(name, spec, command);
    if (refused !== null) return refused;
  }
  if (!callerMayRun(caller, name)) return errorReply('NOPERM_COMMAND', caller.name, name);
  if (name === 'SCRIPT' && !SCRIPT_SUBCOMMANDS.has(command.latin1(1).toUpperCase())) return errorReply('SCRIPT_SUBCOMMAND', command.latin1(1).slice(0, 32));
  return null;
}

