/**
 * Redis's subscribe-mode rules for a session with subscriptions: in RESP2 only the
 * (un)subscribes, PING, QUIT and RESET may run, and PING answers as a message frame; RESET
 * drops every subscription. RESP3 allows every command (pushes are told apart by their type).
 */
import { errorReply } from '../errors.ts';
import type { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { SUBSCRIBE_COMMANDS } from '../routing/command-table.ts';
import type { ClientSession } from '../session/port.ts';

const ALLOWED = new Set([...SUBSCRIBE_COMMANDS, 'QUIT']);

/** True when the command was answered here. */
export function subscribeModeGate(session: ClientSession, name: string, command: Command): boolean {
  if (name === 'RESET') {
    session.pubsub?.close();
    session.pubsub = null;
    return false;
  }
  if (session.protocol === 3 || ALLOWED.has(name)) return false;
  if (name === 'PING') {
    if (command.argc > 2) session.reply(errorReply('WRONG_ARITY', 'ping'));
    else session.reply(resp.array([resp.bulk('pong'), resp.bulk(command.argc === 2 ? command.args()[1]! : '')]));
    return true;
  }
  session.reply(errorReply('SUBSCRIBE_CONTEXT', name));
  return true;
}
