/**
 * The demo topology and seed config (issue: foundation, "Demo seed"). Tests, benchmarks and
 * `npm start` all build their snapshot from here, so the numbers below are a contract.
 */
import type { TConfigSnapshotInput, TDataUser, TIdentity, TKeyThrottle, TKeyType } from '../config/schema.ts';

export type DemoRole = 'home' | 'mirror' | 'spare' | 'control';

export interface DemoInstance {
  name: string;
  /** Where the process runs. */
  region: 'gz' | 'sh';
  /** For a mirror: the identity of the home it copies. */
  identity: TIdentity | null;
  role: DemoRole;
  /** For a mirror: the home instance it copies. */
  mirrorOf?: string;
  /** For a mirror: REPLICAOF its home, or kept by the write log (not a replica; docs/MIRROR-MODES.md). */
  sync?: 'replicaof' | 'write-log';
}

export const DEMO_LAYOUT = { codeBits: 4, dayBits: 14, epoch: '2023-03-02T00:00:00+08:00' } as const;
export const DEMO_DEPLOYED_CODES = [1, 2, 5, 6] as const;
export const DEMO_BOTTOM = 2;
export const DEMO_CALLER = 'demo';

export const DEMO_CODES = [
  { code: 1, identity: 'personal', homeRegion: 'gz' },
  { code: 2, identity: 'enterprise', homeRegion: 'gz' },
  { code: 5, identity: 'personal', homeRegion: 'sh' },
  { code: 6, identity: 'enterprise', homeRegion: 'sh' },
] as const;

/** Codes whose mirror runs in write-log mode (sh-enterprise → gz), so the demo shows both modes. */
export const DEMO_WRITE_LOG_CODES: readonly number[] = [6];

const other = (region: 'gz' | 'sh'): 'gz' | 'sh' => (region === 'gz' ? 'sh' : 'gz');
const homeName = (region: string, identity: string): string => `${region}-${identity}`;
const mirrorName = (home: string, runsIn: string): string => `${home}-${runsIn}`;

export const DEMO_INSTANCES: readonly DemoInstance[] = [
  ...DEMO_CODES.map((c) => ({
    name: homeName(c.homeRegion, c.identity),
    region: c.homeRegion,
    identity: c.identity,
    role: 'home' as const,
  })),
  ...DEMO_CODES.map((c) => ({
    name: mirrorName(homeName(c.homeRegion, c.identity), other(c.homeRegion)),
    region: other(c.homeRegion),
    identity: c.identity,
    role: 'mirror' as const,
    mirrorOf: homeName(c.homeRegion, c.identity),
    sync: DEMO_WRITE_LOG_CODES.includes(c.code) ? ('write-log' as const) : ('replicaof' as const),
  })),
  { name: 'spare', region: 'gz', identity: null, role: 'spare' },
  { name: 'control', region: 'gz', identity: null, role: 'control' },
];

const MID = String.raw`(?<mid>\d{1,20})`;

/** DESIGN §3 defaults (seed 001 §8.3), plus the `bench` type that lets redis-benchmark run. */
export const DEMO_KEY_TYPES: TKeyType[] = [
  {
    name: 'meeting_info',
    pattern: `^${MID}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'seq',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'string',
  },
  {
    name: 'stable',
    pattern: `^stable_${MID}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: '5m',
    dataType: 'string',
  },
  {
    name: 'member_list',
    pattern: String.raw`^member_list_\{` + MID + String.raw`\}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'hash',
  },
  {
    name: 'member',
    pattern: String.raw`^member_(?<tinyid>\d{1,20})_(?<appid>\d{1,20})$`,
    dimension: { kind: 'identity', group: 'appid', centreRegion: 'gz' },
    valueFormat: 'seq',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'string',
  },
  {
    name: 'u2m',
    pattern: String.raw`^u2m_(?<uid>[A-Za-z0-9_-]{1,64})$`,
    dimension: { kind: 'hash', group: 'uid', codes: [...DEMO_DEPLOYED_CODES] },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'hash',
  },
  {
    name: 'm2u',
    pattern: String.raw`^m2u_\{` + MID + String.raw`\}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'zset',
  },
  {
    name: 'shadow',
    pattern: String.raw`^shadow_\{` + MID + String.raw`\}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'string',
  },
  // Application streams, pub/sub channels and geo sets (issue 13's live proof): on the control instance.
  {
    name: 'events',
    pattern: String.raw`^events:[A-Za-z0-9:._-]{1,200}$`,
    dimension: { kind: 'fixed-instance', instance: 'control' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'any',
  },
  // redis-benchmark's default keys; "mylist" etc. appear without a colon too.
  {
    name: 'bench',
    pattern: '^(key|counter|mylist|myset|myzset|myhash|element)(:|$)',
    dimension: { kind: 'fixed-instance', instance: 'gz-enterprise' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'any',
  },
];

export interface DemoPorts {
  host: string;
  /** Port of every instance in DEMO_INSTANCES, by name. */
  ports: Readonly<Record<string, number>>;
  /** Issue 14: the managed ACL user every demo instance was started with. */
  dataUser?: TDataUser;
  /** Seed 003 hot-key throttles to publish with the config (the demo stack throttles DEMO_HOT_ACCOUNT_KEY). */
  throttles?: readonly TKeyThrottle[];
}

/** The demo's "account with excessive repeated requests" (seed 003 level 1): the simulator hammers it. */
export const DEMO_HOT_ACCOUNT_KEY = 'u2m_hot-account';
/** Per worker process; the simulator sends it about 10/s per worker, so about half is throttled. */
export const DEMO_THROTTLES: readonly TKeyThrottle[] = [{ key: DEMO_HOT_ACCOUNT_KEY, qps: 5 }];

/**
 * The demo caller may run scripts (so the demo shows Redis enforcing the managed user's ACL
 * inside them), but not RESTORE or FCALL: '*' grants neither scripts nor RESTORE (issue 14).
 */
export const DEMO_CALLER_COMMANDS = ['*', 'EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'SCRIPT'];

export function demoSnapshot(topology: DemoPorts, demoCallerSecretHash: string): TConfigSnapshotInput {
  const portOf = (name: string): number => {
    const port = topology.ports[name];
    if (port === undefined) throw new Error(`demo topology has no port for instance '${name}'`);
    return port;
  };
  return {
    layout: { ...DEMO_LAYOUT },
    regions: [
      { name: 'gz', label: 'Guangzhou' },
      { name: 'sh', label: 'Shanghai' },
    ],
    instances: DEMO_INSTANCES.map((i) => ({
      name: i.name,
      region: i.region,
      kind: 'standalone' as const,
      addresses: [{ host: topology.host, port: portOf(i.name) }],
      replicas: [],
      ...(topology.dataUser ? { dataUser: { ...topology.dataUser } } : {}),
    })),
    codes: DEMO_CODES.map((c) => {
      const home = homeName(c.homeRegion, c.identity);
      return {
        code: c.code,
        identity: c.identity,
        homeRegion: c.homeRegion,
        instances: { [c.homeRegion]: home, [other(c.homeRegion)]: mirrorName(home, other(c.homeRegion)) },
        mirrorModes: DEMO_WRITE_LOG_CODES.includes(c.code) ? { [other(c.homeRegion)]: 'write-log' as const } : {},
      };
    }),
    deployedCodes: [...DEMO_DEPLOYED_CODES],
    bottom: DEMO_BOTTOM,
    encodingRules: [
      { region: 'gz', identity: 'personal', set: '*', code: 1 },
      { region: 'gz', identity: 'enterprise', set: '*', code: 2 },
      { region: 'sh', identity: 'personal', set: '*', code: 5 },
      { region: 'sh', identity: 'enterprise', set: '*', code: 6 },
      { region: '*', identity: '*', set: '*', code: 2 },
    ],
    keyTypes: DEMO_KEY_TYPES,
    callers: [
      { name: DEMO_CALLER, secretHash: demoCallerSecretHash, commands: [...DEMO_CALLER_COMMANDS], keyTypes: ['*'] },
    ],
    failover: [],
    degradation: {
      callers: [],
      keys: [],
      ...(topology.throttles ? { throttles: topology.throttles.map((t) => ({ ...t })) } : {}),
    },
    migrations: [],
  };
}
