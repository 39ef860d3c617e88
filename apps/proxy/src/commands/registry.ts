/**
 * Every command the worker runs itself instead of forwarding as it is, in one table. A new
 * proxy command is one entry here; pipeline/dispatch.ts has no branch per command name.
 *
 * - `local` entries answer before any config or caller is needed (AUTH, PING, MULTI, ...);
 *   their names are core's LOCAL_COMMANDS, and their arity is checked by localRefusal first.
 * - `intercept` entries answer some forms of a command that admission would refuse (DEBUG
 *   PROTOCOL, which Redis's suite needs and which touches no data); they return false to leave
 *   the command to admission.
 * - `admitted` entries run after admission and the protections, with the command's config
 *   and caller (WATCH, SY.NEWID, SCRIPT, and issue 13's blocking, pub/sub and SCAN).
 */
import type { CompiledCaller } from '@switchyard/core';
import { BLOCKING_COMMANDS } from '../blocking/blocking-keys.ts';
import { runBlocking } from '../blocking/run-blocking.ts';
import { PUBSUB_COMMANDS, runPubSub } from '../pubsub/pubsub-commands.ts';
import type { Command } from '../resp/command.ts';
import { runScan } from '../scan/scan.ts';
import type { AdmittedRun, ClientSession } from '../session/port.ts';
import { answerDebugProtocol } from './debug-protocol.ts';
import { auth, hello } from './hello.ts';
import { noteLocalCommand } from './info.ts';
import { answer, localRefusal, quit, reset } from './local-commands.ts';
import { NEWID_COMMAND, runNewId } from './new-id.ts';
import { runScriptCommand } from './script-cache.ts';
import { discard, exec, multi, watch } from './transaction.ts';

/** `caller`: the session's caller in the active config (null without a config or before AUTH). */
export type LocalRun = (
  session: ClientSession,
  name: string,
  args: readonly Buffer[],
  caller: CompiledCaller | null,
) => void;
export type { AdmittedRun };

export type InterceptRun = (session: ClientSession, command: Command) => boolean;

export type RegistryEntry =
  | { stage: 'local'; run: LocalRun }
  | { stage: 'intercept'; run: InterceptRun }
  | { stage: 'admitted'; run: AdmittedRun };

const local = (run: LocalRun): RegistryEntry => ({ stage: 'local', run });
const admitted = (run: AdmittedRun): RegistryEntry => ({ stage: 'admitted', run });

export const COMMAND_REGISTRY: ReadonlyMap<string, RegistryEntry> = new Map<string, RegistryEntry>([
  ['AUTH', local((s, _n, args) => auth(s, args))],
  ['HELLO', local((s, _n, args) => hello(s, args))],
  ['QUIT', local((s) => quit(s))],
  ['MULTI', local((s) => multi(s))],
  ['EXEC', local((s, _n, _a, caller) => exec(s, caller))],
  ['DISCARD', local((s) => discard(s))],
  ['RESET', local((s) => reset(s))],
  ...['PING', 'ECHO', 'SELECT', 'CLIENT', 'INFO', 'COMMAND', 'TIME', 'UNWATCH'].map((n): [string, RegistryEntry] => [
    n,
    local(answer),
  ]),
  ['WATCH', admitted((s, cfg, caller, _n, command) => watch(s, cfg, caller, command))],
  [NEWID_COMMAND, admitted((s, cfg, _c, _n, command) => runNewId(s, cfg, command))],
  ['SCRIPT', admitted((s, cfg, _c, _n, command) => runScriptCommand(s, cfg, command))],
  ...[...BLOCKING_COMMANDS].map((n): [string, RegistryEntry] => [n, admitted(runBlocking)]),
  ...[...PUBSUB_COMMANDS].map((n): [string, RegistryEntry] => [n, admitted(runPubSub)]),
  ['SCAN', admitted(runScan)],
  ['DEBUG', { stage: 'intercept', run: answerDebugProtocol }],
]);

/** Runs a `local` entry: counted for INFO commandstats, arity checked, then its function. */
export function runLocal(
  session: ClientSession,
  name: string,
  run: LocalRun,
  args: readonly Buffer[],
  caller: CompiledCaller | null,
): void {
  noteLocalCommand(session.ctx, session.caller, name);
  const refusal = localRefusal(name, args, false);
  if (refusal !== null) return session.reply(refusal);
  run(session, name, args, caller);
}
