/** Commands the proxy answers itself: connection state, introspection and transactions. */
import { errorReply } from '../errors.ts';
import * as resp from '../resp/encode.ts';
import type { ClientSession } from './client-session.ts';
import { PROXY_VERSION, REDIS_COMPAT_VERSION } from './context.ts';
import { discard, exec, multi, unwatch } from './transaction.ts';
import { infoText } from './info.ts';
import { commandCount } from '../routing/command-table.ts';
import { throttledEvent, type Logger } from '../reporter/log.ts';
import type { Verdict } from '../auth/secret-hash.ts';
import { DEFAULT_CALLER } from '@switchyard/core';
import type { ProxyContext } from './context.ts';

export function runLocalCommand(session: ClientSession, name: string, args: readonly Buffer[]): void {
  switch (name) {
    case 'AUTH':
      return auth(session, args);
    case 'HELLO':
      return hello(session, args);
    case 'PING':
      return session.reply(args.length > 1 ? resp.bulk(args[1]!) : resp.PONG);
    case 'ECHO':
      return session.reply(args.length === 2 ? resp.bulk(args[1]!) : errorReply('WRONG_ARITY', name));
    case 'QUIT':
      session.reply(resp.OK);
      return session.closeAfterFlush();
    case 'SELECT':
      return session.reply(args.length !== 2 ? errorReply('WRONG_ARITY', name) : args[1]!.toString() === '0' ? resp.OK : errorReply('SELECT_DB'));
    case 'CLIENT':
      return client(session, args);
    case 'INFO':
      return session.reply(resp.bulk(infoText(session.ctx, args[1]?.toString())));
    case 'COMMAND':
      return command(session, args);
    case 'MULTI':
      return multi(session);
    case 'EXEC':
      return exec(session);
    case 'DISCARD':
      return discard(session);
    case 'UNWATCH':
      unwatch(session);
      return session.reply(resp.OK);
    case 'RESET':
      session.tx = null;
      unwatch(session);
      session.setCaller(null);
      session.clientName = null;
      return session.reply(resp.status('RESET'));
    default:
      return session.reply(errorReply('UNKNOWN_COMMAND', name));
  }
}

/** AUTH [caller] secret: the one-argument form is the caller named `default`, as in Redis. */
function auth(session: ClientSession, args: readonly Buffer[]): void {
  if (args.length !== 2 && args.length !== 3) return session.reply(errorReply('WRONG_ARITY', 'auth'));
  if (args.length === 2 && nopassDefault(session.ctx)) return session.reply(errorReply('AUTH_NO_PASSWORD'));
  const caller = args.length === 2 ? DEFAULT_CALLER : args[1]!.toString();
  const slot = session.reserve();
  session.hold();
  authenticate(session, caller, args[args.length - 1]!.toString()).then((refusal) => {
    session.fillWhole(slot, refusal ?? resp.OK);
    session.release();
  });
}

/**
 * Verifies against the caller's secret hash in the current config and sets the session's
 * caller; null when authenticated, else the error reply. Without a config there is nothing
 * to verify against: LOADING, not WRONGPASS. An unknown name is checked against another
 * caller's hash (and fails), so it costs the same scrypt as a wrong secret: the answer time
 * does not tell which names exist.
 */
/** True when the current config has a `default` caller without a secret (Redis's nopass). */
export function nopassDefault(ctx: ProxyContext): boolean {
  return ctx.holder.current?.compiled.snapshot.callers.some((c) => c.name === DEFAULT_CALLER && c.nopass === true) ?? false;
}

async function authenticate(session: ClientSession, caller: string, secret: string): Promise<Buffer | null> {
  const ctx = session.ctx;
  const callers = ctx.holder.current?.compiled.snapshot.callers;
  if (callers === undefined) return errorReply('NO_CONFIG');
  const known = callers.find((c) => c.name === caller);
  if (known?.nopass === true) return session.setCaller(caller) ? null : errorReply('CALLER_MAX_CLIENTS', caller, ctx.settings.maxConnectionsPerCaller);
  const remote = session.socket.remoteAddress ?? 'unknown';
  const decoy = known === undefined ? callers[0]?.secretHash : undefined;
  const verdict = await ctx.verifier.verify(caller, secret, known?.secretHash, remote, decoy).catch((): Verdict => 'failed');
  if (verdict === 'ok') {
    return session.setCaller(caller) ? null : errorReply('CALLER_MAX_CLIENTS', caller, ctx.settings.maxConnectionsPerCaller);
  }
  ctx.stats.authFailures++;
  if (verdict === 'limited') ctx.stats.authLimited++;
  authFailureLog(ctx.log)({ client: session.id, caller, remote, verdict });
  return errorReply(verdict === 'limited' ? 'AUTH_RATE_LIMITED' : 'AUTH_FAILED');
}

/** Failed AUTHs are counted in stats; the log gets at most one line a second per worker. */
const authFailureLogs = new WeakMap<Logger, (fields: Record<string, unknown>) => void>();
function authFailureLog(logger: Logger): (fields: Record<string, unknown>) => void {
  let log = authFailureLogs.get(logger);
  if (!log) {
    log = throttledEvent(logger, 'warn', 'auth_failed');
    authFailureLogs.set(logger, log);
  }
  return log;
}

/** HELLO [2 [AUTH caller secret] [SETNAME name]]: RESP2 only; the map comes as a flat array. */
function hello(session: ClientSession, args: readonly Buffer[]): void {
  const proto = args[1]?.toString();
  if (proto !== undefined && proto !== '2') return session.reply(errorReply(proto === '3' ? 'NOPROTO' : 'PROTOCOL', 'unsupported protocol version'));
  let authPair: [string, string] | null = null;
  for (let i = 2; i < args.length; i++) {
    const opt = args[i]!.toString().toUpperCase();
    if (opt === 'AUTH' && i + 2 < args.length) {
      authPair = [args[i + 1]!.toString(), args[i + 2]!.toString()];
      i += 2;
    } else if (opt === 'SETNAME' && i + 1 < args.length) {
      session.clientName = args[++i]!;
    } else return session.reply(errorReply('PROTOCOL', `unrecognized HELLO option '${opt}'`));
  }
  const reply = (): Buffer =>
    resp.array([
      resp.bulk('server'), resp.bulk('redis'), resp.bulk('version'), resp.bulk(REDIS_COMPAT_VERSION),
      resp.bulk('proto'), resp.integer(2), resp.bulk('id'), resp.integer(session.id),
      resp.bulk('mode'), resp.bulk('standalone'), resp.bulk('role'), resp.bulk('master'),
      resp.bulk('modules'), resp.EMPTY_ARRAY, resp.bulk('proxy'), resp.bulk(`switchyard ${PROXY_VERSION}`),
    ]);
  // A nopass `default` caller is who a client is without AUTH, as in Redis.
  if (authPair === null && session.caller === null && nopassDefault(session.ctx)) session.setCaller(DEFAULT_CALLER);
  if (authPair === null) return session.reply(session.caller === null ? errorReply('NOAUTH') : reply());
  const slot = session.reserve();
  session.hold();
  authenticate(session, authPair[0], authPair[1]).then((refusal) => {
    session.fillWhole(slot, refusal ?? reply());
    session.release();
  });
}

function client(session: ClientSession, args: readonly Buffer[]): void {
  const sub = args[1]?.toString().toUpperCase();
  switch (sub) {
    case 'SETNAME':
      if (args.length !== 3) return session.reply(errorReply('WRONG_ARITY', 'CLIENT|SETNAME'));
      session.clientName = args[2]!.length > 0 ? args[2]! : null;
      return session.reply(resp.OK);
    case 'GETNAME':
      return session.reply(resp.bulk(session.clientName));
    case 'ID':
      return session.reply(resp.integer(session.id));
    case 'SETINFO':
      return session.reply(resp.OK);
    default:
      return session.reply(errorReply('SUBCOMMAND', 'CLIENT', sub ?? ''));
  }
}

function command(session: ClientSession, args: readonly Buffer[]): void {
  const sub = args[1]?.toString().toUpperCase();
  if (sub === 'COUNT') return session.reply(resp.integer(commandCount()));
  if (sub === undefined || sub === 'DOCS' || sub === 'INFO') return session.reply(resp.EMPTY_ARRAY);
  return session.reply(errorReply('SUBCOMMAND', 'COMMAND', sub));
}
