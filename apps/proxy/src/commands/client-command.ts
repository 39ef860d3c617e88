/**
 * CLIENT on the worker's own sessions, with Redis 7's validation and texts. A caller sees and
 * kills only its own connections (Redis's CLIENT is an admin command; here it is per tenant).
 */
import { clientUnblock } from '../blocking/client-unblock.ts';
import { errorReply } from '../errors.ts';
import { coarseNow } from '../upstream/coarse-clock.ts';
import * as resp from '../resp/encode.ts';
import type { ClientSession } from '../session/port.ts';

/** Redis refuses names with characters outside '!'..'~' (spaces, newlines, ...). */
export function validClientName(name: Buffer): boolean {
  for (const c of name) if (c < 33 || c > 126) return false;
  return true;
}

/** Subcommands Redis has that the proxy does not offer: they get a SWITCHYARD reason. */
const UNSUPPORTED = new Set(['PAUSE', 'UNPAUSE', 'TRACKING', 'CACHING', 'GETREDIR', 'TRACKINGINFO', 'NO-TOUCH']);
/** Redis's arity per subcommand (negative: at least). */
const ARITY: Record<string, number> = {
  ID: 2,
  INFO: 2,
  LIST: -2,
  KILL: -3,
  SETNAME: 3,
  GETNAME: 2,
  REPLY: 3,
  'NO-EVICT': 3,
  SETINFO: 4,
  UNBLOCK: -3,
  HELP: 2,
};

/** CLIENT's reply; null when there is none (CLIENT REPLY OFF/SKIP answer nothing). */
export function clientCommand(session: ClientSession, args: readonly Buffer[]): Buffer | Promise<Buffer> | null {
  const sub = (args[1]?.toString() ?? '').toUpperCase();
  if (UNSUPPORTED.has(sub)) return errorReply('SUBCOMMAND', 'CLIENT', sub);
  const arity = ARITY[sub];
  if (arity === undefined) return errorReply('UNKNOWN_SUBCOMMAND', 'CLIENT', args[1]?.toString() ?? '');
  if (arity > 0 ? args.length !== arity : args.length < -arity) return errorReply('WRONG_ARITY', `CLIENT|${sub}`);
  const p = session.protocol;
  session.lastCommand = `CLIENT|${sub}`;
  switch (sub) {
    case 'ID':
      return resp.integer(session.id);
    case 'INFO':
      return resp.verbatim(p, `${clientInfo(session)}\n`);
    case 'LIST':
      return list(session, args);
    case 'KILL':
      return kill(session, args);
    case 'SETNAME':
      if (!validClientName(args[2]!)) return errorReply('CLIENT_NAME');
      session.clientName = args[2]!.length > 0 ? args[2]! : null;
      return resp.OK;
    case 'GETNAME':
      return resp.bulkOrNil(p, session.clientName);
    case 'REPLY':
      return reply(session, args[2]!.toString().toUpperCase());
    case 'NO-EVICT':
      // The proxy never evicts clients for memory; the flag is accepted and validated.
      return onOff(args[2]!) === null ? errorReply('SYNTAX') : resp.OK;
    case 'SETINFO':
      return resp.OK;
    case 'UNBLOCK':
      // Redis's arity is -3 with at most one reason after the id.
      return args.length > 4 ? errorReply('WRONG_ARITY', 'CLIENT|UNBLOCK') : clientUnblock(session, args);
    default:
      return resp.array(
        [
          'CLIENT ID',
          'CLIENT INFO',
          'CLIENT LIST',
          'CLIENT KILL',
          'CLIENT SETNAME',
          'CLIENT GETNAME',
          'CLIENT REPLY',
          'CLIENT NO-EVICT',
          'CLIENT UNBLOCK',
        ].map((l) => resp.status(l)),
      );
  }
}

function onOff(arg: Buffer): boolean | null {
  const v = arg.toString().toUpperCase();
  return v === 'ON' ? true : v === 'OFF' ? false : null;
}

function reply(session: ClientSession, mode: string): Buffer | null {
  if (mode === 'ON') {
    session.replyOn();
    return resp.OK;
  }
  if (mode === 'OFF' || mode === 'SKIP') {
    session.replyMode = mode === 'OFF' ? 'off' : 'skip';
    return null;
  }
  return errorReply('SYNTAX');
}

/** The caller's own sessions in this worker (the session itself included). */
function visible(session: ClientSession): ClientSession[] {
  return [...session.peers].filter((s) => s.caller === session.caller && !s.socket.destroyed);
}

function list(session: ClientSession, args: readonly Buffer[]): Buffer {
  let shown = visible(session);
  for (let i = 2; i < args.length; i++) {
    const opt = args[i]!.toString().toUpperCase();
    if (opt === 'TYPE' && i + 1 < args.length) {
      const type = args[++i]!.toString().toLowerCase();
      if (!['normal', 'master', 'replica', 'slave', 'pubsub'].includes(type))
        return resp.error(`ERR Unknown client type '${type}'`);
      if (type !== 'normal') shown = [];
    } else if (opt === 'ID' && i + 1 < args.length) {
      const ids = new Set<number>();
      for (i++; i < args.length; i++) {
        const id = Number(args[i]!.toString());
        if (!Number.isInteger(id) || id <= 0) return resp.error('ERR Invalid client ID');
        ids.add(id);
      }
      shown = shown.filter((s) => ids.has(s.id));
    } else return errorReply('SYNTAX');
  }
  return resp.verbatim(session.protocol, shown.map((s) => `${clientInfo(s)}\n`).join(''));
}

/** CLIENT KILL addr:port (old form, OK or "No such client") or filter pairs (count of killed). */
function kill(session: ClientSession, args: readonly Buffer[]): Buffer {
  const candidates = visible(session);
  if (args.length === 3) {
    const addr = args[2]!.toString();
    const target = candidates.find((s) => addrOf(s) === addr);
    if (target === undefined) return errorReply('NO_SUCH_CLIENT');
    close(session, target);
    return resp.OK;
  }
  if (args.length % 2 !== 0) return errorReply('SYNTAX');
  let skipMe = true;
  let match = candidates;
  for (let i = 2; i < args.length; i += 2) {
    const opt = args[i]!.toString().toUpperCase();
    const val = args[i + 1]!.toString();
    if (opt === 'ID') {
      const id = Number(val);
      if (!Number.isInteger(id) || id <= 0) return resp.error('ERR client-id should be greater than 0');
      match = match.filter((s) => s.id === id);
    } else if (opt === 'ADDR') match = match.filter((s) => addrOf(s) === val);
    else if (opt === 'LADDR') match = match.filter((s) => laddrOf(s) === val);
    else if (opt === 'USER') match = match.filter((s) => s.caller === val);
    else if (opt === 'TYPE') {
      if (!['normal', 'master', 'replica', 'slave', 'pubsub'].includes(val.toLowerCase()))
        return resp.error(`ERR Unknown client type '${val}'`);
      if (val.toLowerCase() !== 'normal') match = [];
    } else if (opt === 'SKIPME') {
      const v = val.toLowerCase();
      if (v !== 'yes' && v !== 'no') return errorReply('SYNTAX');
      skipMe = v === 'yes';
    } else if (opt === 'MAXAGE') {
      const age = Number(val);
      if (!Number.isInteger(age)) return errorReply('SYNTAX');
      match = match.filter((s) => (Date.now() - s.openedAt) / 1000 >= age);
    } else return errorReply('SYNTAX');
  }
  if (skipMe) match = match.filter((s) => s !== session);
  for (const s of match) close(session, s);
  return resp.integer(match.length);
}

/** Killing itself, a client still gets this reply first (as in Redis); others close at once. */
function close(session: ClientSession, target: ClientSession): void {
  if (target === session) session.closeAfterFlush();
  else target.socket.destroy();
}

function addrOf(s: ClientSession): string {
  return `${s.socket.remoteAddress ?? '?'}:${s.socket.remotePort ?? 0}`;
}

function laddrOf(s: ClientSession): string {
  return `${s.socket.localAddress ?? '?'}:${s.socket.localPort ?? 0}`;
}

/** One CLIENT LIST line with Redis 7.0's fields (buffers and memory are the proxy's, so 0). */
function clientInfo(s: ClientSession): string {
  const age = Math.floor((Date.now() - s.openedAt) / 1000);
  const idle = Math.max(0, Math.floor((coarseNow() - s.lastActive) / 1000));
  // Redis's flags: b = blocked, P = subscribed (RESP2 subscribe mode), x = in MULTI.
  const flags = s.blocked !== null ? 'b' : s.pubsub !== null ? 'P' : s.tx !== null ? 'x' : 'N';
  const cmd = s.lastCommand.toLowerCase();
  return (
    `id=${s.id} addr=${addrOf(s)} laddr=${laddrOf(s)} fd=-1 name=${s.clientName?.toString() ?? ''} age=${age} idle=${idle} flags=${flags} ` +
    `db=0 sub=0 psub=0 ssub=0 multi=${s.tx?.queued.length ?? -1} qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=${s.outstanding} omem=0 tot-mem=0 ` +
    `events=r cmd=${cmd} user=${s.caller ?? 'default'} redir=-1 resp=${s.protocol}`
  );
}
