/**
 * The ACL rules of the Redis user Switchyard manages on every instance (issue 14). The proxy's
 * data connections authenticate as this user, and Redis checks ACLs inside scripts too, so
 * `EVAL "return redis.call('FLUSHALL')"` fails on the backend even though the proxy only sees
 * EVAL. Whatever the worker itself sends on these connections stays allowed: data commands,
 * MULTI/EXEC/WATCH, EVAL/EVALSHA (SY.NEWID's create script), SCRIPT LOAD/EXISTS (fan-out) and
 * SCRIPT KILL and FUNCTION KILL (the runaway-script budget), CLUSTER SLOTS/NODES (cluster backends).
 */
import { literalPrefix } from '../keytypes/key-type-matcher.ts';

/** The default name of the managed user. */
export const DATA_USER_NAME = 'switchyard-proxy';

/**
 * `ACL SETUSER <name> <rules...>` / `--user "<name> <rules...>"`. `password` is a rule as Redis
 * takes it: `>secret` (ACL SETUSER over a connection) or `#<sha256 hex>` (a command line, where
 * the secret itself must never appear). `reset` first, so provisioning is idempotent.
 */
export function dataUserAclRules(password: string, keyPatterns: readonly string[] = ['~*']): string[] {
  return [
    ...userIdentity(password, keyPatterns),
    '+@all',
    // FLUSHALL, FLUSHDB, KEYS, SWAPDB, MIGRATE, INFO, CONFIG, DEBUG, SHUTDOWN, REPLICAOF, ACL,
    // CLIENT KILL, MONITOR, SORT, RESTORE ...: whole-instance or admin commands.
    '-@dangerous',
    // RESTORE is granted per caller by the proxy; the backends run sanitize-dump-payload yes.
    '+restore',
    // SORT/SORT_RO (issue 13): the proxy lets BY/GET patterns through only when the keys they name
    // route to the sorted key's instance; Redis's ACL still refuses patterns to users without ~*.
    '+sort',
    '+sort_ro',
    // Functions and the script cache are instance-wide; only what the proxy itself needs is back.
    '-function',
    '+function|kill',
    '-script',
    '+script|load',
    '+script|exists',
    '+script|kill',
    ...OTHER_KEYSPACES,
  ];
}

/**
 * The start of every managed user's rules: `reset` first, so provisioning is idempotent, then
 * its password, keys and channels (the proxy decides which keys a caller may touch; per-caller
 * users narrow the key patterns).
 */
function userIdentity(password: string, keyPatterns: readonly string[]): string[] {
  return ['reset', 'on', password, ...keyPatterns, '&*'];
}

/** Refused to every managed user: other databases (SELECT/MOVE in a script), key enumeration. */
const OTHER_KEYSPACES: readonly string[] = ['-select', '-move', '-scan', '-randomkey'];

/**
 * A caller's own script user (issue 14): the data user's rules with the caller's key patterns
 * and, when its command list is not `*`, only its granted commands (lower-case Redis names), so
 * a script cannot run what the caller could not send itself (DEL when only GET/SET/EVAL).
 * The always-refused set still applies after the grants.
 */
export function callerAclRules(
  password: string,
  keyPatterns: readonly string[],
  commands: readonly string[] | null,
): string[] {
  if (commands === null) return dataUserAclRules(password, keyPatterns);
  const restore = commands.includes('RESTORE') ? ['+restore'] : [];
  return [
    ...userIdentity(password, keyPatterns),
    '-@all',
    ...commands.map((c) => `+${c.toLowerCase()}`),
    '-@dangerous',
    ...restore,
    '-function',
    '-script',
    ...OTHER_KEYSPACES,
  ];
}

/** The per-caller script user's name on a backend (see `callerKeyPatterns`). */
export function callerUserName(caller: string): string {
  return `sy-caller-${caller}`;
}

/** Redis glob metacharacters in a literal prefix, escaped for an ACL key pattern. */
const globEscape = (text: string): string => text.replace(/[*?[\]\\]/g, (m) => `\\${m}`);

/**
 * ACL key patterns (`~stable_*`) covering exactly the key types a caller may use, so a script
 * running as that caller cannot read or write keys of other types, declared or not (issue 14).
 * Null when the caller may use every key type, or one of its key types has no literal prefix:
 * then the shared data user runs its scripts and only the declared keys are checked.
 */
export function callerKeyPatterns(
  keyTypes: readonly { name: string; pattern: string }[],
  allowed: ReadonlySet<string> | null,
): string[] | null {
  if (allowed === null) return null;
  const patterns = new Set<string>();
  for (const kt of keyTypes) {
    if (!allowed.has(kt.name)) continue;
    const prefix = literalPrefix(kt.pattern);
    if (prefix === null) return null;
    patterns.add(`~${globEscape(prefix)}*`);
  }
  return patterns.size > 0 ? [...patterns].sort() : null;
}
