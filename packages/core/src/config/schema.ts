/**
 * The published config snapshot: the one contract between the console (which edits and
 * publishes it) and the proxy workers (which poll, validate, freeze and route by it).
 * Structural checks live here; cross-field checks live in `validate-snapshot.ts`.
 */
import { z } from 'zod';
import { MIGRATION_PHASES } from '../migration/phase-traits.ts';

const NAME = /^[a-z][a-z0-9_-]{0,62}$/;

export const ZName = z.string().regex(NAME, 'lowercase letters, digits, "-" or "_", starting with a letter');
export const ZRegionName = ZName;
export const ZIdentity = z.enum(['personal', 'enterprise']);
export const ZRatio = z.number().min(0, 'ratio must be between 0 and 1').max(1, 'ratio must be between 0 and 1');
export const ZPercent = z
  .number()
  .min(0, 'percentage must be between 0 and 100')
  .max(100, 'percentage must be between 0 and 100');
/** ISO-8601 instant; kept as a string so the snapshot stays plain JSON. */
export const ZInstant = z.iso.datetime({ offset: true });

export const ZRegion = z.object({
  name: ZRegionName,
  label: z.string().max(80).optional(),
});

export const ZHostPort = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535),
});

/**
 * The Redis ACL user Switchyard manages on an instance (issue 14): the proxy's data connections
 * authenticate as it, and Redis applies its rules inside scripts too, so a script cannot run
 * FLUSHALL, KEYS, CONFIG, REPLICAOF... The rules are `dataUserAclRules` in `data-user.ts`.
 */
export const ZDataUser = z.object({
  username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, ".", "_" or "-"'),
  password: z.string().min(1).max(256),
});

export const ZInstance = z.object({
  name: ZName,
  region: ZRegionName,
  kind: z.enum(['standalone', 'cluster']),
  /** Standalone: one address. Cluster: seed nodes. */
  addresses: z.array(ZHostPort).min(1),
  /** Admin credentials (the `default` user): console probes and REPLICAOF, migrator, idgen import. */
  password: z.string().optional(),
  /** Data-plane credentials; absent = scripts and RESTORE are refused on this instance (fail closed). */
  dataUser: ZDataUser.optional(),
  /** Read replicas, used only by key types whose read policy is `replica`. */
  replicas: z.array(ZHostPort).default([]),
  /** Ops/s this instance is sized for: the failover preview's headroom compares traffic with it (issue 18). */
  opsCapacity: z.number().positive().optional(),
});

export const ZLayout = z.object({
  /** X: storage-code bits. */
  codeBits: z.number().int().min(1).max(12),
  /** T: relative-day bits. */
  dayBits: z.number().int().min(1).max(20),
  /** Day 0 of the relative-day field. */
  epoch: ZInstant,
});

export const ZStorageCode = z.object({
  code: z.number().int().min(0),
  identity: ZIdentity,
  homeRegion: ZRegionName,
  /**
   * The instance serving this code in each region. The home region's entry is the primary;
   * every other entry is a mirror kept in sync by replication, used on failover.
   */
  instances: z.record(ZRegionName, ZName),
  /**
   * How each mirror (by region) is kept in sync (seed 004, docs/MIRROR-MODES.md): `replicaof`
   * (Redis replication, the default for a region not listed) or `write-log` (the proxy logs
   * every acknowledged write; the migrator's redo copies the key's latest value).
   */
  mirrorModes: z.record(ZRegionName, z.enum(['replicaof', 'write-log'])).default({}),
  /**
   * Every region's instance is an independent, writable primary (no REPLICAOF between them).
   * Required by dual-centre key types (seed 003), which write every region themselves; a
   * REPLICAOF replica refuses writes (READONLY). docs/SEED-003.md.
   */
  activeActive: z.boolean().optional(),
});

const WILDCARD = z.literal('*');
export const ZEncodingRule = z.object({
  region: z.union([WILDCARD, ZRegionName]),
  identity: z.union([WILDCARD, ZIdentity]),
  set: z.union([WILDCARD, z.string().min(1).max(64)]),
  code: z.number().int().min(0),
});

export const ZDimension = z.discriminatedUnion('kind', [
  /** Parse the named group as a meeting ID and route by its storage code. */
  z.object({ kind: z.literal('mid'), group: z.string().default('mid') }),
  /** appid 0 = personal, anything else = enterprise; resolved with the encoding rules of `centreRegion`. */
  z.object({ kind: z.literal('identity'), group: z.string().default('appid'), centreRegion: ZRegionName }),
  /** FNV-1a of the group (or the whole key) modulo the list of codes. */
  z.object({ kind: z.literal('hash'), group: z.string().optional(), codes: z.array(z.number().int().min(0)).min(1) }),
  /** Always one code (failover still applies) or one instance (nothing applies). */
  z.object({ kind: z.literal('fixed'), code: z.number().int().min(0) }),
  z.object({ kind: z.literal('fixed-instance'), instance: ZName }),
]);

export const ZCacheTier = z.enum(['none', '1s', '5m']);

export const ZKeyType = z.object({
  name: ZName,
  /** A JavaScript regular expression, anchored by the author, with named groups. */
  pattern: z.string().min(1).max(512),
  dimension: ZDimension,
  valueFormat: z.enum(['seq', 'plain']).default('plain'),
  readPolicy: z.enum(['primary', 'replica']).default('primary'),
  cacheTier: ZCacheTier.default('none'),
  /** Redis data type; lets backfill and reconciliation pick the right copy. */
  dataType: z.enum(['string', 'hash', 'list', 'set', 'zset', 'any']).default('any'),
  /**
   * Seed 003's dual-centre mode: 'dual-centre' writes synchronously to the code's instance in
   * every region and reads from the proxy's own region (docs/SEED-003.md). Absent = 'home'.
   */
  writeMode: z.enum(['home', 'dual-centre']).optional(),
  /**
   * Seed 003's stale-fill guard for cache key types: after a DEL through the proxy, a SET of
   * the same key within this many milliseconds is refused. Absent = no guard.
   */
  staleFillGuardMs: z.number().int().min(1).max(60_000).optional(),
});

export const ZCaller = z.object({
  name: ZName,
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`; the secret itself is never published. */
  secretHash: z.string().min(1),
  /**
   * Upper-case command names, or ['*'] for every data command. '*' does not grant the
   * commands in EXPLICIT_GRANT_COMMANDS (scripts, SCRIPT LOAD/EXISTS, RESTORE): list them too.
   */
  commands: z.array(z.string().min(1)).min(1),
  /** Key-type names, or ['*']. */
  keyTypes: z.array(z.string().min(1)).min(1),
  qpsLimit: z.number().positive().optional(),
  /**
   * Like Redis's `nopass`: any password authenticates, and a client that never sends AUTH is
   * this caller. Only for the caller named `default` (validation refuses it elsewhere); the
   * secret hash stays (a random one) so every caller has one.
   */
  nopass: z.boolean().optional(),
});

/** The caller `AUTH <password>` (one argument) authenticates as, as in Redis. */
export const DEFAULT_CALLER = 'default';

export const ZFailoverOverride = z.object({
  from: ZRegionName,
  to: ZRegionName,
  reason: z.string().max(500).optional(),
  since: ZInstant.optional(),
});

export const ZCallerDrop = z.object({ caller: ZName, ratio: ZRatio, expiresAt: ZInstant.optional() });
export const ZKeyDrop = z.object({ key: z.string().min(1), ratio: ZRatio, expiresAt: ZInstant.optional() });

/**
 * Seed 003 level 1, hot-key throttling: an exact key's requests above `qps` per second per
 * worker process are refused; the rest pass (unlike a drop, only the excess is cut).
 */
export const ZKeyThrottle = z.object({
  key: z.string().min(1),
  qps: z.number().positive(),
  expiresAt: ZInstant.optional(),
  /** Set when the proxy's auto-throttle wrote the rule rather than an operator. */
  auto: z.boolean().optional(),
});

export const ZDegradation = z.object({
  callers: z.array(ZCallerDrop).default([]),
  keys: z.array(ZKeyDrop).default([]),
  throttles: z.array(ZKeyThrottle).optional(),
  /**
   * Optional automatic throttling: any key a worker's hot-key detection measures above
   * `aboveQps` (per worker process) is throttled to `qps` per worker until it cools down.
   */
  autoThrottle: z.object({ aboveQps: z.number().positive(), qps: z.number().positive() }).optional(),
});

export const ZCacheTiers = z.object({
  '1s': z.object({ ttlMs: z.number().int().positive() }).default({ ttlMs: 1000 }),
  '5m': z.object({ ttlMs: z.number().int().positive() }).default({ ttlMs: 300_000 }),
  /** Upper bound of the local LRU, in bytes, per worker process. */
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024),
});

export const ZMigrationPhase = z.enum(MIGRATION_PHASES);

export const ZMigration = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(120),
  code: z.number().int().min(0),
  from: ZName,
  to: ZName,
  /** The doubling split of seed 001 §7.1: only meetings with mid % modulo == remainder move. */
  scope: z.object({ modulo: z.number().int().min(2), remainder: z.number().int().min(0) }).optional(),
  phase: ZMigrationPhase,
  grayReadPercent: ZPercent.default(0),
  stopDualWritePercent: ZPercent.default(0),
  /** Seed 001 §8.3.4.3: share of gray-phase reads also read from the other side and compared (0..1). */
  shadowReadRate: ZRatio.optional(),
});

export const ZLimits = z.object({
  /** Per-worker cap across all callers; absent = unlimited. */
  globalQps: z.number().positive().optional(),
  /** Requests in flight per worker before `-BUSY`. */
  maxInFlight: z.number().int().positive().default(10_000),
});

/** Write-log mirror sync (docs/MIRROR-MODES.md): the failover interlock and the checker's age. */
export const ZWriteLog = z.object({
  /** Failover is refused (unless overridden) while a write-log mirror lags more than this. */
  maxLagSeconds: z.number().positive().default(5),
  maxLagEntries: z.number().int().positive().default(10_000),
  /** The checker compares keys whose log entries are at least this old. */
  checkAfterMs: z.number().int().min(0).default(60_000),
});

export const ZConfigSnapshot = z.object({
  layout: ZLayout,
  regions: z.array(ZRegion).min(1),
  instances: z.array(ZInstance),
  codes: z.array(ZStorageCode),
  deployedCodes: z.array(z.number().int().min(0)),
  bottom: z.number().int().min(0),
  encodingRules: z.array(ZEncodingRule),
  keyTypes: z.array(ZKeyType),
  callers: z.array(ZCaller),
  failover: z.array(ZFailoverOverride).default([]),
  degradation: ZDegradation.default({ callers: [], keys: [] }),
  cacheTiers: ZCacheTiers.default({ '1s': { ttlMs: 1000 }, '5m': { ttlMs: 300_000 }, maxBytes: 64 * 1024 * 1024 }),
  migrations: z.array(ZMigration).default([]),
  limits: ZLimits.default({ maxInFlight: 10_000 }),
  writeLog: ZWriteLog.default({ maxLagSeconds: 5, maxLagEntries: 10_000, checkAfterMs: 60_000 }),
});

/** What `GET /api/config` returns: a numbered, hashed, immutable version of the snapshot. */
export const ZPublishedConfig = z.object({
  version: z.number().int().min(1),
  hash: z.string().min(1),
  publishedAt: ZInstant,
  snapshot: ZConfigSnapshot,
});

export type TRegion = z.infer<typeof ZRegion>;
export type TIdentity = z.infer<typeof ZIdentity>;
export type THostPort = z.infer<typeof ZHostPort>;
export type TDataUser = z.infer<typeof ZDataUser>;
export type TInstance = z.infer<typeof ZInstance>;
export type TLayout = z.infer<typeof ZLayout>;
export type TStorageCode = z.infer<typeof ZStorageCode>;
export type TEncodingRule = z.infer<typeof ZEncodingRule>;
export type TDimension = z.infer<typeof ZDimension>;
export type TCacheTier = z.infer<typeof ZCacheTier>;
export type TKeyType = z.infer<typeof ZKeyType>;
export type TCaller = z.infer<typeof ZCaller>;
export type TFailoverOverride = z.infer<typeof ZFailoverOverride>;
export type TDegradation = z.infer<typeof ZDegradation>;
export type TKeyThrottle = z.infer<typeof ZKeyThrottle>;
export type TMigrationPhase = z.infer<typeof ZMigrationPhase>;
export type TMigration = z.infer<typeof ZMigration>;
export type TLimits = z.infer<typeof ZLimits>;
export type TWriteLog = z.infer<typeof ZWriteLog>;
export type TMirrorMode = TStorageCode['mirrorModes'][string];
export type TConfigSnapshot = z.infer<typeof ZConfigSnapshot>;
/** What callers write before defaults are applied (e.g. seeds and test fixtures). */
export type TConfigSnapshotInput = z.input<typeof ZConfigSnapshot>;
export type TPublishedConfig = z.infer<typeof ZPublishedConfig>;
