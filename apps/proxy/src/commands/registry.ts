/**
 * Commands of issue 13 run by their own modules (blocking, pub/sub, SCAN), looked up once per
 * command name by dispatch's CommandInfo cache, so plain GET/SET pay nothing for them.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { BLOCKING_COMMANDS } from '../blocking/blocking-keys.ts';
import { runBlocking } from '../blocking/run-blocking.ts';
import { PUBSUB_COMMANDS, runPubSub } from '../pubsub/pubsub-commands.ts';
import type { Command } from '../resp/command.ts';
import { runScan } from '../scan/scan.ts';
import type { ClientSession } from '../session/client-session.ts';

export type Issue13Handler = (session: ClientSession, cfg: CompiledConfig, caller: CompiledCaller, name: string, command: Command) => void;

export const ISSUE13_HANDLERS: ReadonlyMap<string, Issue13Handler> = new Map<string, Issue13Handler>([
  ...[...BLOCKING_COMMANDS].map((n): [string, Issue13Handler] => [n, runBlocking]),
  ...[...PUBSUB_COMMANDS].map((n): [string, Issue13Handler] => [n, runPubSub]),
  ['SCAN', runScan],
]);
