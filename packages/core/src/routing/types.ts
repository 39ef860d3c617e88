/** The routing contract shared by the proxy (per command) and the console (preview, "why"). */
import type { TCacheTier, TKeyType } from '../config/schema.ts';

export type ReadPolicy = TKeyType['readPolicy'];
export type ValueFormat = TKeyType['valueFormat'];

export interface KeyDecision {
  key: string;
  keyType: string;
  /** Storage code after deployed/bottom resolution; null for fixed-instance key types. */
  code: number | null;
  /** Instance name that serves reads. */
  read: string;
  /** Instance names for writes, in order; length 2 = dual-write and the first is the sync truth. */
  writes: readonly string[];
  dualWrite: boolean;
  /** True when a gray-read migration sent this key's reads to the new instance. */
  grayRead: boolean;
  failover: { from: string; to: string } | null;
  /** Id of the migration that applied. */
  migration: string | null;
  readPolicy: ReadPolicy;
  cacheTier: TCacheTier;
  valueFormat: ValueFormat;
  /**
   * Dual-centre key types (seed 003): the instance serving reads in each region, so a proxy
   * reads from its own region (`read` is the home one); null for every other key type.
   */
  localReads: Readonly<Record<string, string>> | null;
  /** Human trace for the console's "why"; static or cheaply joined strings. */
  reasons: readonly string[];
}

export const ROUTE_ERROR_CODES = {
  NO_KEY_TYPE: 'the key matches no key type',
  BAD_MEETING_ID: 'the key carries a meeting ID that is not a uint64',
  BAD_APPID: 'the key carries an appid that is not a decimal number',
  NO_INSTANCE: 'the storage code has no instance in the region it routes to',
  NO_KEYS: 'the command names no keys',
  UNKNOWN_CALLER: 'the caller is not in the config',
  COMMAND_NOT_ALLOWED: 'the caller may not run this command',
  KEY_TYPE_NOT_ALLOWED: 'the caller may not use this key type',
  UNKNOWN_COMMAND: 'Redis 7 has no such command',
  COMMAND_REFUSED: 'the proxy refuses this command for every caller',
} as const;

export type RouteErrorCode = keyof typeof ROUTE_ERROR_CODES;

export interface RouteFailure {
  error: RouteErrorCode;
  key: string;
  /** For NO_KEY_TYPE exactly: no key type matches '<key>' */
  message: string;
}

export const isRouteFailure = (r: KeyDecision | RouteFailure): r is RouteFailure => 'error' in r;

export interface RouteRequest {
  command: string;
  keys: readonly string[];
  caller: string;
  /** The proxy's region: dual-centre key types read from its instance (absent = home). */
  region?: string;
}

export type RouteResult =
  | {
      ok: true;
      command: string;
      caller: string;
      /** Whether the command writes (then each key goes to `writes`, else to `read`). */
      write: boolean;
      decisions: readonly KeyDecision[];
      /** Distinct first-target instances in key order (read instance, or the sync-truth writer). */
      instances: readonly string[];
      /**
       * Every key has the same target list (same instance, or the same dual-write pair in
       * the same order). MULTI/EXEC and EVAL are allowed only when this is true (DESIGN §5).
       */
      singleInstance: boolean;
      /** How the proxy serves the command's keys (split per instance, or all on one instance). */
      multi: 'mget' | 'mset' | 'sum' | 'same';
      /** The command table's condition for this command, if any (docs/COMPATIBILITY.md). */
      condition: string | null;
    }
  | { ok: false; error: RouteErrorCode; message: string; key?: string };
