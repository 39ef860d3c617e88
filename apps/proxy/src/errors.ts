/**
 * Every error a proxy client can see, with a stable code. The first word of each reply is
 * the Redis error prefix clients already understand (ERR, NOAUTH, NOPERM, CROSSSLOT, ...).
 * Redis's own errors (WRONGTYPE, ...) are forwarded unchanged and are not listed here.
 */
import { error } from './resp/encode.ts';

export const PROXY_ERRORS = {
  PROTOCOL: (detail: string) => `ERR Protocol error: ${detail}`,
  NOAUTH: () => 'NOAUTH Authentication required.',
  AUTH_FAILED: () => 'WRONGPASS invalid username-password pair or user is disabled.',
  AUTH_RATE_LIMITED: () => 'ERR SWITCHYARD too many failed AUTH attempts from this address; retry later',
  /** Redis's own text: with a nopass `default` user, the one-argument AUTH is refused. */
  AUTH_NO_PASSWORD: () => 'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  NOPROTO: () => 'NOPROTO sorry, this protocol version is not supported. Switchyard speaks RESP2 only (use HELLO 2)',
  NOPERM_COMMAND: (caller: string, command: string) => `NOPERM this caller '${caller}' has no permissions to run the '${command.toLowerCase()}' command`,
  NOPERM_KEY_TYPE: (caller: string, keyType: string) => `NOPERM this caller '${caller}' has no permissions to access keys of type '${keyType}'`,
  DANGEROUS: (command: string) => `ERR SWITCHYARD command '${command.toLowerCase()}' is disabled by the proxy`,
  UNKNOWN_COMMAND: (command: string) => `ERR unknown command '${command}', with args beginning with: `,
  WRONG_ARITY: (command: string) => `ERR wrong number of arguments for '${command.toLowerCase()}' command`,
  NO_KEY_TYPE: (key: string) => `ERR SWITCHYARD no key type matches '${key}'`,
  ROUTE: (message: string) => `ERR SWITCHYARD ${message}`,
  CROSSSLOT: () => "CROSSSLOT Keys in request don't route to the same instance",
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
  SUBCOMMAND: (command: string, sub: string) => `ERR SWITCHYARD unsupported subcommand '${sub}' for '${command.toLowerCase()}'`,
  /** A degradation rule dropped the command; `rule` is `caller <name>` or `key <key>`. */
  DEGRADED: (rule: string) => `ERR SWITCHYARD degraded (${rule})`,
  /** A QPS limit refused the command; `scope` is `caller <name>` or `global`. */
  RATE_LIMITED: (scope: string) => `ERR SWITCHYARD rate limited (${scope})`,
  BUSY: (limit: number) => `BUSY SWITCHYARD too many requests in flight (limit ${limit}); retry shortly`,
  CIRCUIT_OPEN: (instance: string) => `ERR SWITCHYARD circuit open for '${instance}'`,
  /** Issue 14 caps (apps/proxy/src/protections/caps.ts, env PROXY_MAX_*). */
  CAP_COUNT: (command: string, limit: number) => `ERR SWITCHYARD count for '${command.toLowerCase()}' is over the proxy's limit of ${limit}; ask for fewer elements per call`,
  CAP_OFFSET: (command: string, limit: number) => `ERR SWITCHYARD offset for '${command.toLowerCase()}' would grow the string past the proxy's limit of ${limit} bytes`,
  CAP_KEYS: (command: string, keys: number, limit: number) => `ERR SWITCHYARD '${command.toLowerCase()}' names ${keys} keys, over the proxy's limit of ${limit} per request; send smaller batches`,
  REPLY_TOO_LARGE: (limit: number) => `ERR SWITCHYARD reply is over the proxy's limit of ${limit} bytes and was discarded; read it in smaller parts (GETRANGE, LRANGE, HSCAN, ...)`,
  /** Redis's own text when maxclients is reached. */
  MAX_CLIENTS: () => 'ERR max number of clients reached',
  CALLER_MAX_CLIENTS: (caller: string, limit: number) => `ERR SWITCHYARD caller '${caller}' already has ${limit} connections to this worker; close idle connections or ask an operator to raise PROXY_MAX_CONNECTIONS_PER_CALLER`,
  UNAUTH_TIMEOUT: (ms: number) => `ERR SWITCHYARD not authenticated within ${ms} ms; connection closed`,
  WATCH_LIMIT: (limit: number) => `ERR SWITCHYARD too many WATCH connections in this worker (limit ${limit}); retry shortly, or use MULTI without WATCH`,
  /** A write whose backend did not answer in time may still have been applied (issue 14 finding 8). */
  BACKEND_TIMEOUT_WRITE: (instance: string) => `ERR SWITCHYARD backend '${instance}' timed out; the write may have been applied, so check before retrying a command that is not idempotent`,
  /** SY.NEWID failures, with @switchyard/idgen's stable codes (ID_RETRIES_EXHAUSTED, NEWID_ARGS_INVALID, ...). */
  IDGEN: (code: string, message: string) => `ERR SWITCHYARD ${code} ${message}`,
} as const;

export type ProxyErrorCode = keyof typeof PROXY_ERRORS;

/** The encoded error reply for a catalog entry. */
export function errorReply<C extends ProxyErrorCode>(code: C, ...args: Parameters<(typeof PROXY_ERRORS)[C]>): Buffer {
  const make = PROXY_ERRORS[code] as (...a: unknown[]) => string;
  return error(make(...args));
}
