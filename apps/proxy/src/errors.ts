/**
 * Every error a proxy client can see, with a stable code. The first word of each reply is
 * the Redis error prefix clients already understand (ERR, NOAUTH, NOPERM, CROSSSLOT, ...).
 * Redis's own errors (WRONGTYPE, ...) are forwarded unchanged and are not listed here.
 */
import type { IdgenErrorCode } from '@switchyard/idgen';
import { error } from './resp/encode.ts';

export const PROXY_ERRORS = {
  PROTOCOL: (detail: string) => `ERR Protocol error: ${detail}`,
  NOAUTH: () => 'NOAUTH Authentication required.',
  AUTH_FAILED: () => 'WRONGPASS invalid username-password pair or user is disabled.',
  AUTH_RATE_LIMITED: () => 'ERR SWITCHYARD too many failed AUTH attempts from this address; retry later',
  /** Redis's own text: with a nopass `default` user, the one-argument AUTH is refused. */
  AUTH_NO_PASSWORD: () =>
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  NOPROTO: () => 'NOPROTO unsupported protocol version',
  NOPERM_COMMAND: (caller: string, command: string) =>
    `NOPERM this caller '${caller}' has no permissions to run the '${command.toLowerCase()}' command`,
  NOPERM_KEY_TYPE: (caller: string, keyType: string) =>
    `NOPERM this caller '${caller}' has no permissions to access keys of type '${keyType}'`,
  DANGEROUS: (command: string) => `ERR SWITCHYARD command '${command.toLowerCase()}' is disabled by the proxy`,
  /** `args`: Redis's preview of the arguments, each quoted and followed by a space (argsPreview). */
  UNKNOWN_COMMAND: (command: string, args = '') =>
    `ERR unknown command '${command}', with args beginning with: ${args}`,
  WRONG_ARITY: (command: string) => `ERR wrong number of arguments for '${command.toLowerCase()}' command`,
  NO_KEY_TYPE: (key: string) => `ERR SWITCHYARD no key type matches '${key}'`,
  ROUTE: (message: string) => `ERR SWITCHYARD ${message}`,
  CROSSSLOT: () => "CROSSSLOT Keys in request don't route to the same instance",
  /** Redis's own error text for the same input (numkeys, unbalanced XREAD streams, unknown subcommand, ...). */
  REDIS: (text: string) => text,
  NO_KEYS: (command: string) => `ERR SWITCHYARD '${command.toLowerCase()}' needs at least one key to route`,
  SELECT_DB: () => 'ERR SWITCHYARD only database 0 is available through the proxy',
  NESTED_MULTI: () => 'ERR MULTI calls can not be nested',
  EXEC_WITHOUT_MULTI: () => 'ERR EXEC without MULTI',
  DISCARD_WITHOUT_MULTI: () => 'ERR DISCARD without MULTI',
  WATCH_IN_MULTI: () => 'ERR WATCH inside MULTI is not allowed',
  EXECABORT: () => 'EXECABORT Transaction discarded because of previous errors.',
  WATCH_UNSUPPORTED: () => 'ERR SWITCHYARD WATCH is not supported by the proxy; use MULTI/EXEC or EVAL',
  BACKEND_TIMEOUT: (instance: string) => `ERR SWITCHYARD backend '${instance}' timed out`,
  BACKEND_DOWN: (instance: string, detail: string) => `ERR SWITCHYARD backend '${instance}' unavailable: ${detail}`,
  NO_INSTANCE: (instance: string) => `ERR SWITCHYARD instance '${instance}' is not in the config`,
  NO_CONFIG: () => 'LOADING SWITCHYARD the proxy has no config yet; retry shortly',
  SHUTTING_DOWN: () => 'ERR SWITCHYARD the proxy is shutting down',
  INTERNAL: () => 'ERR SWITCHYARD internal error; the connection will be closed (see the worker log)',
  SUBCOMMAND: (command: string, sub: string) =>
    `ERR SWITCHYARD unsupported subcommand '${sub}' for '${command.toLowerCase()}'`,
  /** A degradation rule dropped the command; `rule` is `caller <name>` or `key <key>`. */
  DEGRADED: (rule: string) => `ERR SWITCHYARD degraded (${rule})`,
  /** A QPS limit refused the command; `scope` is `caller <name>` or `global`. */
  RATE_LIMITED: (scope: string) => `ERR SWITCHYARD rate limited (${scope})`,
  /** A hot-key throttle rule (seed 003) cut the excess over its per-worker QPS; `rule` is `key <key>`. */
  THROTTLED: (rule: string) =>
    `ERR SWITCHYARD throttled (${rule}); the key is over its per-key QPS limit, retry later or ask an operator to lift the throttle`,
  /** Seed 003's stale-fill guard (cache/stale-fill-guard.ts): a SET of a cache key deleted moments ago. */
  STALE_FILL_GUARD: (key: string, windowMs: number, leftMs: number) =>
    `ERR SWITCHYARD stale-fill guard: '${key}' was deleted less than ${windowMs} ms ago (${leftMs} ms left); a value read before the delete may be stale, so read it again from the source and retry after the window`,
  BUSY: (limit: number) => `BUSY SWITCHYARD too many requests in flight (limit ${limit}); retry shortly`,
  CIRCUIT_OPEN: (instance: string) => `ERR SWITCHYARD circuit open for '${instance}'`,
  /** Issue 14 caps (apps/proxy/src/protections/caps.ts, env PROXY_MAX_*). */
  CAP_COUNT: (command: string, limit: number) =>
    `ERR SWITCHYARD count for '${command.toLowerCase()}' is over the proxy's limit of ${limit}; ask for fewer elements per call`,
  CAP_OFFSET: (command: string, limit: number) =>
    `ERR SWITCHYARD offset for '${command.toLowerCase()}' would grow the string past the proxy's limit of ${limit} bytes`,
  CAP_KEYS: (command: string, keys: number, limit: number) =>
    `ERR SWITCHYARD '${command.toLowerCase()}' names ${keys} keys, over the proxy's limit of ${limit} per request; send smaller batches`,
  REPLY_TOO_LARGE: (limit: number) =>
    `ERR SWITCHYARD reply is over the proxy's limit of ${limit} bytes and was discarded; read it in smaller parts (GETRANGE, LRANGE, HSCAN, ...)`,
  /** Redis's own text when maxclients is reached. */
  MAX_CLIENTS: () => 'ERR max number of clients reached',
  CALLER_MAX_CLIENTS: (caller: string, limit: number) =>
    `ERR SWITCHYARD caller '${caller}' already has ${limit} connections to this worker; close idle connections or ask an operator to raise PROXY_MAX_CONNECTIONS_PER_CALLER`,
  UNAUTH_TIMEOUT: (ms: number) => `ERR SWITCHYARD not authenticated within ${ms} ms; connection closed`,
  WATCH_LIMIT: (limit: number) =>
    `ERR SWITCHYARD too many WATCH connections in this worker (limit ${limit}); retry shortly, or use MULTI without WATCH`,
  /** A write whose backend did not answer in time may still have been applied (issue 14 finding 8). */
  BACKEND_TIMEOUT_WRITE: (instance: string) =>
    `ERR SWITCHYARD backend '${instance}' timed out; the write may have been applied, so check before retrying a command that is not idempotent`,
  /** Issue 14: scripts run only as the instance's managed ACL user, so Redis enforces it inside them. */
  NO_DATA_USER: (instance: string) =>
    `NOPERM SWITCHYARD scripts are disabled on instance '${instance}': it has no managed data user; an admin provisions it on the console's Instances page`,
  /** A script inside MULTI: the runaway-script budget and the caller's own backend user do not reach EXEC. */
  SCRIPT_IN_MULTI: () =>
    'ERR SWITCHYARD scripts cannot run inside MULTI through the proxy; send the script on its own (a script is atomic already)',
  /** SCRIPT with a subcommand other than LOAD or EXISTS. */
  SCRIPT_SUBCOMMAND: (sub: string) =>
    `ERR SWITCHYARD 'script ${sub.toLowerCase()}' is disabled by the proxy; only SCRIPT LOAD and SCRIPT EXISTS are available`,
  /** Issue 13: blocking commands (apps/proxy/src/blocking/). */
  BLOCKING_LIMIT: (instance: string, limit: number) =>
    `ERR SWITCHYARD too many blocked clients on instance '${instance}' in this worker (limit ${limit}); retry shortly, or ask an operator to raise PROXY_MAX_BLOCKING_PER_INSTANCE`,
  BLOCKING_DUAL_WRITE: (command: string) =>
    `ERR SWITCHYARD '${command.toLowerCase()}' is unavailable for keys under a dual-write migration; use the non-blocking form until the cutover`,
  /** DBSIZE, RANDOMKEY, KEYS: they would see every caller's keys. */
  ENUMERATION: (command: string) =>
    `ERR SWITCHYARD '${command.toLowerCase()}' is disabled by the proxy (it sees every caller's keys); use SCAN [MATCH pattern] [COUNT n] [TYPE t], which returns only the keys you may access`,
  /** Redis's own text for an invalid SCAN cursor. */
  INVALID_CURSOR: () => 'ERR invalid cursor',
  /** Issue 13 §4: Redis 7.0's text for a command in RESP2 subscribe mode. */
  SUBSCRIBE_CONTEXT: (command: string) =>
    `ERR Can't execute '${command.toLowerCase()}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  NOPERM_CHANNEL: (caller: string, channel: string) =>
    `NOPERM this caller '${caller}' has no permissions to access the '${channel}' channel (channels are permitted like keys, by key type)`,
  SHARD_ON_CLUSTER: (instance: string) =>
    `ERR SWITCHYARD sharded pub/sub is not available on cluster instance '${instance}'; use SUBSCRIBE/PUBLISH`,
  /** SCAN, the (un)subscribes and PUBSUB queued in MULTI. */
  ISSUE13_IN_MULTI: (command: string) =>
    `ERR SWITCHYARD '${command.toLowerCase()}' cannot run inside MULTI through the proxy (it spans instances or needs a connection of its own); send it outside the transaction`,
  PUBSUB_LIMIT: (limit: number) =>
    `ERR SWITCHYARD too many subscriber connections in this worker (limit ${limit}); retry shortly, or ask an operator to raise PROXY_MAX_SUBSCRIBER_CONNECTIONS`,
  /** SY.NEWID failures, with @switchyard/idgen's stable codes (ID_RETRIES_EXHAUSTED, NEWID_ARGS_INVALID, ...). */
  IDGEN: (code: IdgenErrorCode, message: string) => `ERR SWITCHYARD ${code} ${message}`,
  /** Redis's own texts for HELLO, CLIENT, transactions and local commands (issue 13). */
  HELLO_PROTOVER: () => 'ERR Protocol version is not an integer or out of range',
  HELLO_OPTION: (opt: string) => `ERR Syntax error in HELLO option '${opt}'`,
  HELLO_NOAUTH: () =>
    'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
  CLIENT_NAME: () => 'ERR Client names cannot contain spaces, newlines or special characters.',
  NO_SUCH_CLIENT: () => 'ERR No such client',
  SYNTAX: () => 'ERR syntax error',
  UNKNOWN_SUBCOMMAND: (command: string, sub: string) =>
    `ERR unknown subcommand '${sub}'. Try ${command.toUpperCase()} HELP.`,
  NOT_IN_MULTI: () => 'ERR Command not allowed inside a transaction',
  WRITE_LOG_UNAVAILABLE: (code: number, detail: string) =>
    `ERR SWITCHYARD write-log for code ${code} unavailable (${detail}); the write may have been applied on the home but is not yet recorded for its mirror, so retry it`,
  CLIENT_KILL_OTHERS: () => "ERR SWITCHYARD CLIENT KILL only reaches this caller's own connections to this worker",
} as const;

/** Redis's preview of a command's arguments in "unknown command" errors: `'a' 'b' `, about 128 chars. */
export function argsPreview(args: readonly Buffer[]): string {
  let out = '';
  for (let i = 1; i < args.length && out.length < 128; i++)
    out += `'${args[i]!.toString('utf8', 0, 128 - out.length)}' `;
  return out;
}

export type ProxyErrorCode = keyof typeof PROXY_ERRORS;

/** The catalog entry a reply was built from, narrowed by code (e.g. BACKEND_TIMEOUT carries its instance). */
export type ProxyErrorTag = {
  [C in ProxyErrorCode]: { code: C; args: Parameters<(typeof PROXY_ERRORS)[C]> };
}[ProxyErrorCode];

/**
 * Replies built here, with their code and arguments: the proxy tells its own error kinds apart
 * by code (stale serve, circuit-open metrics, write timeouts), never by reading the text, so a
 * backend's error that happens to read like ours is never mistaken for one.
 */
const built = new WeakMap<Buffer, ProxyErrorTag>();

/** The encoded error reply for a catalog entry. */
export function errorReply<C extends ProxyErrorCode>(code: C, ...args: Parameters<(typeof PROXY_ERRORS)[C]>): Buffer {
  const make = PROXY_ERRORS[code] as (...a: unknown[]) => string;
  const reply = error(make(...args));
  built.set(reply, { code, args } as ProxyErrorTag);
  return reply;
}

/** The code and arguments of a proxy-built error reply when buf[start, end) is the whole of one; else undefined. */
export function proxyErrorOf(buf: Buffer, start = 0, end = buf.length): ProxyErrorTag | undefined {
  return start === 0 && end === buf.length ? built.get(buf) : undefined;
}
