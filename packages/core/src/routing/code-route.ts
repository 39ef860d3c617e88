/**
 * Per raw storage code (0..2^X-1), everything after the dimension step, resolved once per
 * snapshot: bottom resolution, the home instance, the failover target and the migrations.
 * The hot path indexes this table instead of consulting four maps per key.
 */
import type { CompiledCode, CompiledFailover } from './compile-config.ts';
import type { CompiledMigration } from './migration-plan.ts';

export interface CodeRoute {
  /** The storage code after deployed/bottom resolution. */
  readonly code: number;
  /** Set when the raw code fell back to bottom. */
  readonly bottomReason: string | null;
  /** Why the ID route picked `home`. */
  readonly carriesReason: string;
  readonly home: string;
  readonly homeWrites: readonly string[];
  readonly homeReason: string;
  /** Dual-centre key types (seed 003): every region's instance, home first; reads by region. */
  readonly allWrites: readonly string[];
  readonly localReads: Readonly<Record<string, string>>;
  readonly dualCentreReason: string;
  /** The override of the code's home region, with the code's instance in its target. */
  readonly failover: {
    readonly from: string;
    readonly to: string;
    readonly target: string | undefined;
    readonly reason: string;
  } | null;
  /** Migrations of the resolved code, latest last; null when there are none. */
  readonly migrations: readonly CompiledMigration[] | null;
}

export interface CodeRouteInputs {
  codeBits: number;
  deployed: ReadonlySet<number>;
  bottom: number;
  codes: ReadonlyMap<number, CompiledCode>;
  failover: ReadonlyMap<string, CompiledFailover>;
  migrationsByCode: ReadonlyMap<number, readonly CompiledMigration[]>;
}

/** Index = raw code; `undefined` where the resolved code has no instances (unvalidated input). */
export function buildCodeRoutes(x: CodeRouteInputs): readonly (CodeRoute | undefined)[] {
  const table: (CodeRoute | undefined)[] = [];
  for (let raw = 0; raw < 2 ** x.codeBits; raw++) {
    const code = x.deployed.has(raw) ? raw : x.bottom;
    const c = x.codes.get(code);
    if (c === undefined) {
      table.push(undefined);
      continue;
    }
    const fo = x.failover.get(c.homeRegion);
    table.push(
      Object.freeze({
        code,
        bottomReason: code === raw ? null : `code ${raw} is not deployed → bottom code ${code}`,
        carriesReason: `meeting ID carries code ${raw}`,
        home: c.home,
        homeWrites: c.homeWrites,
        homeReason: c.homeReason,
        allWrites: c.allWrites,
        localReads: c.localReads,
        dualCentreReason: c.dualCentreReason,
        failover:
          fo === undefined
            ? null
            : Object.freeze({
                from: fo.override.from,
                to: fo.override.to,
                target: c.instances.get(fo.override.to),
                reason: fo.reason,
              }),
        migrations: x.migrationsByCode.get(code) ?? null,
      }),
    );
  }
  return Object.freeze(table);
}
