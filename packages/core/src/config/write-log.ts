/**
 * Write-log mirror sync (seed 004, docs/MIRROR-MODES.md): names and lookups shared by the
 * proxy (which records), the migrator (which redoes and checks) and the console (lag, interlock).
 */
import type { TConfigSnapshot, TStorageCode } from './schema.ts';

/** The Redis Stream (on the control instance) holding code `code`'s write log. */
export const writeLogStream = (code: number): string => `sy:wlog:${code}`;
/** The consumer group the redo worker reads with. */
export const WRITE_LOG_GROUP = 'redo';

export interface WriteLogMirror {
  code: number;
  /** The home instance, whose current values the redo copies. */
  home: string;
  region: string;
  /** The mirror instance the redo writes to. */
  mirror: string;
}

/** The regions whose mirror of `c` runs in write-log mode. */
export function writeLogRegions(c: TStorageCode): string[] {
  return Object.entries(c.mirrorModes ?? {})
    .filter(([region, mode]) => mode === 'write-log' && region !== c.homeRegion && c.instances[region] !== undefined)
    .map(([region]) => region);
}

/** Every write-log mirror of the snapshot, in code order. */
export function writeLogMirrors(s: Pick<TConfigSnapshot, 'codes'>): WriteLogMirror[] {
  const out: WriteLogMirror[] = [];
  for (const c of [...s.codes].sort((a, b) => a.code - b.code)) {
    const home = c.instances[c.homeRegion];
    if (home === undefined) continue;
    for (const region of writeLogRegions(c)) out.push({ code: c.code, home, region, mirror: c.instances[region]! });
  }
  return out;
}

/** The mode keeping `region`'s mirror of `c` in sync. */
export function mirrorMode(c: TStorageCode, region: string): 'replicaof' | 'write-log' {
  return c.mirrorModes?.[region] ?? 'replicaof';
}
