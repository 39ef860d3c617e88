/**
 * Switchyard's policies on top of Redis's own command specification: what the proxy answers
 * itself, what it refuses and why, and how a multi-key command is served. Everything not
 * listed here that Redis 7 files under a data group is forwarded by its keys.
 */

export type MultiKeyMode =
  /** MGET: array reply, elements reassembled in key order. */
  | 'mget'
  /** MSET: key/value pairs, +OK when every part is +OK. */
  | 'mset'
  /** DEL/EXISTS/UNLINK/TOUCH: integer replies summed. */
  | 'sum'
  /** Every key must route to one instance, else CROSSSLOT (as Redis Cluster does). */
  | 'same';

export const SPLIT_COMMANDS: ReadonlyMap<string, MultiKeyMode> = new Map<string, MultiKeyMode>([
  ['MGET', 'mget'],
  ['MSET', 'mset'],
  ['DEL', 'sum'],
  ['UNLINK', 'sum'],
  ['EXISTS', 'sum'],
  ['TOUCH', 'sum'],
]);

/** Answered by the proxy itself, never forwarded (apps/proxy/src/commands/local-commands.ts). */
/** The proxy's own meeting-ID command (apps/proxy/src/commands/new-id.ts); it writes. */
export const NEWID_COMMAND = 'SY.NEWID';

export const LOCAL_COMMANDS: ReadonlySet<string> = new Set([
  'AUTH',
  'HELLO',
  'PING',
  'ECHO',
  'QUIT',
  'SELECT',
  'CLIENT',
  'INFO',
  'COMMAND',
  'MULTI',
  'EXEC',
  'DISCARD',
  'UNWATCH',
  'RESET',
  'TIME',
]);

/**
 * Redis 7 groups whose commands act on keys; their commands are forwarded unless refused below.
 * Pub/sub channels are routed and permitted like keys (apps/proxy/src/pubsub/).
 */
export const DATA_GROUPS: ReadonlySet<string> = new Set([
  'string',
  'bitmap',
  'list',
  'sorted-set',
  'generic',
  'hash',
  'hyperloglog',
  'set',
  'stream',
  'geo',
  'scripting',
  'transactions',
  'pubsub',
]);

function refusals(groups: Record<string, string>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [reason, names] of Object.entries(groups)) for (const name of names.split(' ')) out.set(name, reason);
  return out;
}

/**
 * Refused for every caller, with the reason (docs/COMPATIBILITY.md prints it). One line per
 * reason so a later change that implements a family removes exactly one line.
 */
export const REFUSED_COMMANDS: ReadonlyMap<string, string> = refusals({
  'acts on a whole instance, not on keys a caller owns': 'FLUSHALL FLUSHDB SWAPDB MOVE',
  'enumerates a whole instance, including keys of other callers (use SCAN)': 'KEYS RANDOMKEY DBSIZE',
  'reconfigures, stops or replicates an instance (operators use the instance directly)':
    'CONFIG DEBUG SHUTDOWN MONITOR SLAVEOF REPLICAOF CLUSTER SAVE BGSAVE BGREWRITEAOF MIGRATE MODULE ACL FAILOVER SYNC PSYNC LASTSAVE FUNCTION LATENCY SLOWLOG WAIT',
  'cluster and replication internals (the proxy is the cluster client)':
    'ASKING READONLY READWRITE REPLCONF RESTORE-ASKING',
  'test and diagnostic commands of a single instance': 'PFDEBUG PFSELFTEST LOLWUT ROLE',
});

/** Subcommands of forwarded containers that act on the instance, not a key. */
export const REFUSED_SUBCOMMANDS: ReadonlyMap<string, string> = refusals({
  'reports on or changes the whole instance': 'MEMORY|DOCTOR MEMORY|STATS MEMORY|MALLOC-STATS MEMORY|PURGE',
  'has no key to route by (see the Redis documentation for the help text)':
    'OBJECT|HELP XINFO|HELP XGROUP|HELP PUBSUB|HELP',
  'the script cache is instance-wide (operators use the instance directly); SCRIPT LOAD and EXISTS are sent to every instance':
    'SCRIPT|FLUSH SCRIPT|KILL SCRIPT|DEBUG SCRIPT|HELP',
});

/** Forwarded, but served only when a condition holds (docs/COMPATIBILITY.md prints it). */
export const CONDITIONS: ReadonlyMap<string, string> = new Map([
  ['COPY', 'database 0 only (DB 0); source and destination on one instance'],
  [
    'SORT',
    'BY and GET patterns only when the keys they name route to the instance of the sorted key; STORE destination on that instance',
  ],
  ['SORT_RO', 'BY and GET patterns only when the keys they name route to the instance of the sorted key'],
  [
    'EVAL',
    "explicit grant; every key on one instance with a managed data user; with no key, only when the caller's key types reach one instance (it runs there); not inside MULTI",
  ],
  ['EVALSHA', 'as EVAL'],
  ['EVAL_RO', 'as EVAL'],
  ['EVALSHA_RO', 'as EVAL'],
  ['FCALL', 'as EVAL (the function must be loaded by an operator)'],
  ['FCALL_RO', 'as FCALL'],
  ['SCRIPT|LOAD', 'explicit grant of SCRIPT; sent to every instance'],
  ['SCRIPT|EXISTS', 'explicit grant of SCRIPT; sent to every instance'],
  ['RESTORE', 'explicit grant; the payload is checked by the backend (sanitize-dump-payload)'],
  ...blocking('BLPOP BRPOP BLMOVE BRPOPLPUSH BZPOPMIN BZPOPMAX BLMPOP BZMPOP'),
  [
    'XREAD',
    'BLOCK on a dedicated backend connection per blocked client (PROXY_MAX_BLOCKING_PER_INSTANCE), not during a dual write',
  ],
  ['XREADGROUP', 'as XREAD'],
  ...pubsub(
    'SUBSCRIBE UNSUBSCRIBE',
    'channels routed and permitted like keys; a subscriber connection of its own per session and instance (PROXY_MAX_SUBSCRIBER_CONNECTIONS); not inside MULTI',
  ),
  ...pubsub('SSUBSCRIBE SUNSUBSCRIBE', 'as SUBSCRIBE; not on cluster instances'),
  ...pubsub(
    'PSUBSCRIBE PUNSUBSCRIBE',
    'patterns subscribed on every reachable instance; messages filtered to channels the caller may access; not inside MULTI',
  ),
  ...pubsub('PUBLISH SPUBLISH', "channel routed and permitted like a key; sent to the channel's primary"),
  ...pubsub(
    'PUBSUB|CHANNELS PUBSUB|NUMSUB PUBSUB|NUMPAT PUBSUB|SHARDCHANNELS PUBSUB|SHARDNUMSUB',
    'over the instances the caller may reach; only channels it may access; not inside MULTI',
  ),
  [
    'SCAN',
    'cursor over every instance the caller may reach; only keys it may access, each on the instance it routes to; not inside MULTI',
  ],
]);

function blocking(names: string): [string, string][] {
  const why =
    'a dedicated backend connection per blocked client (PROXY_MAX_BLOCKING_PER_INSTANCE); every key on one instance; not during a dual write';
  return names.split(' ').map((n) => [n, why]);
}

function pubsub(names: string, why: string): [string, string][] {
  return names.split(' ').map((n) => [n, why]);
}

/** What the proxy's own answer to a local command covers (docs/COMPATIBILITY.md). */
export const LOCAL_NOTES: ReadonlyMap<string, string> = new Map([
  ['SELECT', 'database 0 only'],
  ['TIME', "the worker's clock"],
  ['COMMAND', 'from the command table; COMMAND DOCS without argument docs, subcommands sorted by name'],
  ['INFO', "the worker's own sections"],
  ['CLIENT', "the worker's own client sessions"],
  ['AUTH', 'callers of the published config'],
  ['HELLO', 'with AUTH and SETNAME'],
]);

/** Write flag overrides where Redis's flags say neither readonly nor write. */
export const READ_OVERRIDES: ReadonlySet<string> = new Set([
  'WATCH',
  'SCRIPT',
  'EVAL_RO',
  'EVALSHA_RO',
  'FCALL_RO',
  // Pub/sub changes no data: no cache invalidation, no dual write.
  'PUBLISH',
  'SPUBLISH',
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
]);

/** Proxy commands of Switchyard's own (apps/proxy/src/commands/), routed by no key. */
export const PROXY_COMMANDS: ReadonlyMap<string, { arity: number; summary: string }> = new Map([
  [NEWID_COMMAND, { arity: -2, summary: 'Generates a meeting ID (Switchyard).' }],
]);
