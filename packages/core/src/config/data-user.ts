/**
 * The ACL rules of the Redis user Switchyard manages on every instance (issue 14). The proxy's
 * data connections authenticate as this user, and Redis checks ACLs inside scripts too, so
 * `EVAL "return redis.call('FLUSHALL')"` fails on the backend even though the proxy only sees
 * EVAL. Whatever the worker itself sends on these connections stays allowed: data commands,
 * MULTI/EXEC/WATCH, EVAL/EVALSHA (SY.NEWID's create script), SCRIPT LOAD/EXISTS (fan-out) and
 * SCRIPT KILL (the runaway-script budget), CLUSTER SLOTS/NODES (cluster backends).
 */

/** The default name of the managed user. */
export const DATA_USER_NAME = 'switchyard-proxy';

/**
 * `ACL SETUSER <name> <rules...>` / `--user "<name> <rules...>"`. `password` is a rule as Redis
 * takes it: `>secret` (ACL SETUSER over a connection) or `#<sha256 hex>` (a command line, where
 * the secret itself must never appear). `reset` first, so provisioning is idempotent.
 */
export function dataUserAclRules(password: string): string[] {
  return [
    'reset', 'on', password,
    // Keys and channels: the proxy decides which keys a caller may touch.
    '~*', '&*',
    '+@all',
    // FLUSHALL, FLUSHDB, KEYS, SWAPDB, MIGRATE, INFO, CONFIG, DEBUG, SHUTDOWN, REPLICAOF, ACL,
    // CLIENT KILL, MONITOR, SORT, RESTORE ...: whole-instance or admin commands.
    '-@dangerous',
    // RESTORE is granted per caller by the proxy; the backends run sanitize-dump-payload yes.
    '+restore',
    // Functions and the script cache are instance-wide; only what the proxy itself needs is back.
    '-function', '-script', '+script|load', '+script|exists', '+script|kill',
    // Other databases (SELECT/MOVE inside a script) and key enumeration (SCAN, RANDOMKEY).
    '-select', '-move', '-scan', '-randomkey',
  ];
}
