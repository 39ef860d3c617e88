/** AUTH and HELLO: authentication, the session's protocol (RESP2 or RESP3) and its name. */
import { DEFAULT_CALLER } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import * as resp from '../resp/encode.ts';
import type { ClientSession } from '../session/port.ts';
import { PROXY_VERSION, REDIS_COMPAT_VERSION } from './info.ts';
import { throttledEvent, type Logger } from '../telemetry/log.ts';
import type { Verdict } from '../auth/secret-hash.ts';
import { validClientName } from './client-command.ts';
import { nopassDefault } from '../auth/callers.ts';

/** AUTH [caller] secret: the one-argument form is the caller named `default`, as in Redis. */
export function auth(session: ClientSession, args: readonly Buffer[]): void {
  if (args.length !== 2 && args.length !== 3) return session.reply(errorReply('WRONG_ARITY', 'auth'));
  if (args.length === 2 && nopassDefault(session.ctx)) return session.reply(errorReply('AUTH_NO_PASSWORD'));
  const caller = args.length === 2 ? DEFAULT_CALLER : args[1]!.toString();
  const slot = session.reserve();
  session.hold();
  // An unexpected failure (not a wrong secret: verify() already maps those) fails closed.
  void authenticate(session, caller, args[args.length - 1]!.toString())
    .catch(() => errorReply('AUTH_FAILED'))
    .then((refusal) => {
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
async function authenticate(session: ClientSession, caller: string, secret: string): Promise<Buffer | null> {
  const ctx = session.ctx;
  const callers = ctx.holder.current?.compiled.snapshot.callers;
  if (callers === undefined) return errorReply('NO_CONFIG');
  const known = callers.find((c) => c.name === caller);
  if (known?.nopass === true)
    return session.setCaller(caller)
      ? null
      : errorReply('CALLER_MAX_CLIENTS', caller, ctx.settings.maxConnectionsPerCaller);
  const remote = session.socket.remoteAddress ?? 'unknown';
  const decoy = known === undefined ? callers[0]?.secretHash : undefined;
  const verdict = await ctx.verifier
    .verify(caller, secret, known?.secretHash, remote, decoy)
    .catch((): Verdict => 'failed');
  if (verdict === 'ok') {
    return session.setCaller(caller)
      ? null
      : errorReply('CALLER_MAX_CLIENTS', caller, ctx.settings.maxConnectionsPerCaller);
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

interface HelloRequest {
  proto: 2 | 3 | null;
  auth: [string, string] | null;
  name: Buffer | null;
}

/** Parses HELLO [protover [AUTH user pass] [SETNAME name]] as Redis 7 does; an error reply when malformed. */
function parseHello(args: readonly Buffer[]): HelloRequest | Buffer {
  const req: HelloRequest = { proto: null, auth: null, name: null };
  if (args.length >= 2) {
    const text = args[1]!.toString('latin1');
    if (!/^-?\d{1,19}$/.test(text)) return errorReply('HELLO_PROTOVER');
    const ver = Number(text);
    if (ver !== 2 && ver !== 3) return errorReply('NOPROTO');
    req.proto = ver;
  }
  for (let i = 2; i < args.length; i++) {
    const opt = args[i]!.toString();
    const more = args.length - 1 - i;
    if (opt.toUpperCase() === 'AUTH' && more >= 2) {
      req.auth = [args[i + 1]!.toString(), args[i + 2]!.toString()];
      i += 2;
    } else if (opt.toUpperCase() === 'SETNAME' && more >= 1) {
      req.name = args[++i]!;
    } else return errorReply('HELLO_OPTION', opt);
  }
  return req;
}

/**
 * HELLO: authenticates (AUTH option), then names the session (SETNAME, validated as CLIENT
 * SETNAME) and switches its protocol; the reply is a map in the new protocol. A failure
 * leaves protocol and name as they were, as in Redis.
 */
export function hello(session: ClientSession, args: readonly Buffer[]): void {
  const req = parseHello(args);
  if (Buffer.isBuffer(req)) return session.reply(req);
  if (req.auth === null) return session.reply(finishHello(session, req));
  const slot = session.reserve();
  session.hold();
  void authenticate(session, req.auth[0], req.auth[1])
    .catch(() => errorReply('AUTH_FAILED'))
    .then((refusal) => {
      session.fillWhole(slot, refusal ?? finishHello(session, req));
      session.release();
    });
}

function finishHello(session: ClientSession, req: HelloRequest): Buffer {
  // A nopass `default` caller is who a client is without AUTH, as in Redis.
  if (session.caller === null && nopassDefault(session.ctx)) session.setCaller(DEFAULT_CALLER);
  if (session.caller === null) return errorReply('HELLO_NOAUTH');
  if (req.name !== null) {
    if (!validClientName(req.name)) return errorReply('CLIENT_NAME');
    session.clientName = req.name.length > 0 ? req.name : null;
  }
  if (req.proto !== null) session.setProtocol(req.proto);
  const p = session.protocol;
  return resp.map(p, [
    resp.bulk('server'),
    resp.bulk('redis'),
    resp.bulk('version'),
    resp.bulk(REDIS_COMPAT_VERSION),
    resp.bulk('proto'),
    resp.integer(p),
    resp.bulk('id'),
    resp.integer(session.id),
    resp.bulk('mode'),
    resp.bulk('standalone'),
    resp.bulk('role'),
    resp.bulk('master'),
    resp.bulk('modules'),
    resp.EMPTY_ARRAY,
    resp.bulk('proxy'),
    resp.bulk(`switchyard ${PROXY_VERSION}`),
  ]);
}
