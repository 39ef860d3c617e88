/**
 * Commands the proxy answers itself: connection state and introspection (commands/registry.ts
 * says which function runs which name). `localAnswer` gives the reply of those that may be
 * queued in MULTI, so EXEC answers them in their place, as Redis does.
 */
import type { CompiledCaller } from '@switchyard/core';
import { argsPreview, errorReply } from '../errors.ts';
import * as resp from '../resp/encode.ts';
import type { ClientSession } from '../session/port.ts';
import { infoText } from './info.ts';
import { commandReply, timeReply } from './command-command.ts';
import { clientCommand } from './client-command.ts';

/** Redis's arity of each local command (negative: at least), checked before it runs or is queued. */
const LOCAL_ARITY: Readonly<Record<string, number>> = {
  AUTH: -2,
  HELLO: -1,
  PING: -1,
  ECHO: 2,
  QUIT: -1,
  SELECT: 2,
  CLIENT: -2,
  INFO: -1,
  COMMAND: -1,
  TIME: 1,
  MULTI: 1,
  EXEC: 1,
  DISCARD: 1,
  UNWATCH: 1,
  RESET: 1,
};

/** Local commands Redis runs inside EXEC that the proxy refuses to queue: they change who is calling or how replies are encoded. */
const NOT_IN_MULTI = new Set(['AUTH', 'HELLO']);

/** The error reply when `args` cannot run (or be queued) as the local command `name`; else null. */
export function localRefusal(name: string, args: readonly Buffer[], inMulti: boolean): Buffer | null {
  const arity = LOCAL_ARITY[name]!;
  if (arity > 0 ? args.length !== arity : args.length < -arity) return errorReply('WRONG_ARITY', name);
  if (inMulti && NOT_IN_MULTI.has(name)) return errorReply('NOT_IN_MULTI');
  return null;
}

export function quit(session: ClientSession): void {
  session.reply(resp.OK);
  session.closeAfterFlush();
}

/** RESET: back to a fresh connection's state (no transaction, watch, caller, name; RESP2). */
export function reset(session: ClientSession): void {
  session.tx = null;
  unwatch(session);
  session.setCaller(null);
  session.clientName = null;
  session.setProtocol(2);
  session.replyMode = 'on';
  session.reply(resp.status('RESET'));
}

export function unwatch(session: ClientSession): void {
  session.watch?.conn.close();
  session.watch = null;
}

/** Runs a local command that answers with a reply, now or once it is known (INFO). */
export function answer(
  session: ClientSession,
  name: string,
  args: readonly Buffer[],
  caller: CompiledCaller | null,
): void {
  const answer = localAnswer(session, name, args, caller);
  if (Buffer.isBuffer(answer)) return session.reply(answer);
  if (answer === null) return;
  const slot = session.reserve();
  void answer.then(
    (reply) => session.fillWhole(slot, reply),
    () => session.fillWhole(slot, errorReply('INTERNAL')),
  );
}

/** The reply of a local command that may run inside EXEC; null = no reply (CLIENT REPLY OFF). */
export function localAnswer(
  session: ClientSession,
  name: string,
  args: readonly Buffer[],
  caller: CompiledCaller | null,
): Buffer | Promise<Buffer> | null {
  switch (name) {
    case 'PING':
      // Checked when PING runs, not when it is queued (Redis's table arity for PING is -1).
      if (args.length > 2) return errorReply('WRONG_ARITY', name);
      return args.length > 1 ? resp.bulk(args[1]!) : resp.PONG;
    case 'ECHO':
      return resp.bulk(args[1]!);
    case 'SELECT':
      return args[1]!.toString() === '0' ? resp.OK : errorReply('SELECT_DB');
    case 'CLIENT':
      return clientCommand(session, args);
    case 'INFO': {
      const p = session.protocol;
      const port = session.socket.localPort ?? 0;
      return infoText(
        session.ctx,
        args.slice(1).map((a) => a.toString()),
        caller,
        port,
      ).then((text) => resp.verbatim(p, text));
    }
    case 'COMMAND':
      return commandReply(args);
    case 'TIME':
      return timeReply(args);
    case 'UNWATCH':
      unwatch(session);
      return resp.OK;
    default:
      return errorReply('UNKNOWN_COMMAND', name, argsPreview(args));
  }
}
