/**
 * Admission, the steps before a command may run: the NOAUTH gate (with Redis's implicit nopass
 * `default` caller), the caller lookup, then the command table and the caller's permissions.
 * Authentication itself (checking a secret) is AUTH/HELLO in commands/hello.ts with
 * auth/secret-hash.ts; the per-worker limits (caps, drops, QPS, in-flight) are protections/.
 */
import { callerMayRun, DEFAULT_CALLER, subcommandOf, type CompiledCaller } from '@switchyard/core';
import { nopassDefault } from '../auth/callers.ts';
import { argsPreview, errorReply } from '../errors.ts';
import type { Command } from '../resp/command.ts';
import {
  arityOk,
  DANGEROUS_COMMANDS,
  ENUMERATING_COMMANDS,
  SCRIPT_SUBCOMMANDS,
  type CommandSpec,
} from '../routing/command-table.ts';
import type { ClientSession } from '../session/port.ts';

/** Commands allowed before AUTH, as in Redis. */
const PRE_AUTH = new Set(['AUTH', 'HELLO', 'QUIT']);

/**
 * The NOAUTH gate: null when `name` may run on this session now. A client that never sent
 * AUTH is the nopass `default` caller when the config has one, as in Redis (checked per
 * command, so a config that adds or drops nopass applies at once); else NOAUTH. Off the hot
 * path: only unauthenticated sessions get past the first test.
 */
export function authGate(session: ClientSession, name: string): Buffer | null {
  if (session.caller !== null || PRE_AUTH.has(name)) return null;
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
  if (sub === undefined)
    return errorReply('REDIS', `ERR unknown subcommand '${command.text(1).slice(0, 128)}'. Try ${name} HELP.`);
  if (sub.serving !== 'forward') return errorReply('DANGEROUS', sub.name);
  if (!arityOk(sub, command.argc)) return errorReply('WRONG_ARITY', sub.name);
  return null;
}

/**
 * Dangerous, unknown, badly-sized or not-permitted commands get their error reply; else null.
 * `spec` is the command table's entry for `name`, which the caller has already looked up.
 */
export function admit(
  caller: CompiledCaller,
  name: string,
  spec: CommandSpec | undefined,
  command: Command,
): Buffer | null {
  // Refused commands have no spec (command-table.ts), so known commands skip the set lookups.
  if (spec === undefined) {
    if (DANGEROUS_COMMANDS.has(name))
      return errorReply(ENUMERATING_COMMANDS.has(name) ? 'ENUMERATION' : 'DANGEROUS', name);
    return errorReply('UNKNOWN_COMMAND', command.text(0).slice(0, 128), argsPreview(command.args()));
  }
  if (!arityOk(spec, command.argc)) return errorReply('WRONG_ARITY', name);
  if (spec.fixedKeys === null || spec.subcommands !== null) {
    const refused = movableRefusal(name, spec, command);
    if (refused !== null) return refused;
  }
  if (!callerMayRun(caller, name)) return errorReply('NOPERM_COMMAND', caller.name, name);
  if (name === 'SCRIPT' && !SCRIPT_SUBCOMMANDS.has(command.latin1(1).toUpperCase()))
    return errorReply('SCRIPT_SUBCOMMAND', command.latin1(1).slice(0, 32));
  return null;
}
