/**
 * Compile a validated snapshot once per published version: deep-freeze it, compile the
 * key-type regexes, and precompute every lookup the per-key hot path needs, so `routeKey`
 * only matches, decodes and reads maps.
 */
import type { TConfigSnapshot, TFailoverOverride, TInstance, TKeyType, TMigration } from '../config/schema.ts';
import { compileLayout, type CompiledLayout } from '../codec/layout.ts';
import { CoreError } from '../errors.ts';
import { compileKeyTypes, namedGroupsOf, type KeyTypeMatcher } from '../keytypes/key-type-matcher.ts';
import { matchEncodingRule } from '../rules/encoding-rules.ts';
import { validateSnapshot } from '../validate/validate-snapshot.ts';
import { buildCodeRoutes, type CodeRoute } from './code-route.ts';
import { compileKeyRoute, type KeyRoute } from './key-route.ts';
import { compileMigration, type CompiledMigration } from './migration-plan.ts';

export interface CompiledCode {
  readonly code: number;
  readonly identity: 'personal' | 'enterprise';
  readonly homeRegion: string;
  /** The home region's instance: the primary. */
  readonly home: string;
  readonly instances: ReadonlyMap<string, string>;
  /** `[home]`, shared by every decision that routes home. */
  readonly homeWrites: readonly string[];
  /** "code N home region R → instance": built once so routing only references it. */
  readonly homeReason: string;
  /** Dual-centre (seed 003): home first, then every other region's instance. */
  readonly allWrites: readonly string[];
  /** Dual-centre reads: the instance serving each region. */
  readonly localReads: Readonly<Record<string, string>>;
  readonly dualCentreReason: string;
}

export interface CompiledFailover {
  readonly override: TFailoverOverride;
  readonly reason: string;
}

export interface CompiledCaller {
  readonly name: string;
  /** null = every command ('*') except EXPLICIT_GRANT_COMMANDS; check with `callerMayRun`. */
  readonly commands: ReadonlySet<string> | null;
  /** The command names listed explicitly (never '*'): what grants EXPLICIT_GRANT_COMMANDS. */
  readonly granted: ReadonlySet<string>;
  /** null = every key type ('*'). */
  readonly keyTypes: ReadonlySet<string> | null;
  readonly qpsLimit: number | undefined;
}

export interface CompiledConfig {
  readonly snapshot: TConfigSnapshot;
  readonly layout: CompiledLayout;
  readonly matcher: KeyTypeMatcher;
  /** Per key type, by its index in `snapshot.keyTypes`. */
  readonly keyRoutes: readonly KeyRoute[];
  readonly codes: ReadonlyMap<number, CompiledCode>;
  readonly deployed: ReadonlySet<number>;
  readonly bottom: number;
  readonly instances: ReadonlyMap<string, TInstance>;
  /** Active overrides by source region. */
  readonly failover: ReadonlyMap<string, CompiledFailover>;
  /** Migrations by storage code, latest last (the last covering one wins). */
  readonly migrationsByCode: ReadonlyMap<number, readonly CompiledMigration[]>;
  readonly callers: ReadonlyMap<string, CompiledCaller>;
  readonly callerDrops: ReadonlyMap<string, number>;
  readonly keyDrops: ReadonlyMap<string, number>;
  /** Index = raw code from the dimension step; see code-route.ts. */
  readonly codeRoutes: readonly (CodeRoute | undefined)[];
}

export function compileConfig(snapshot: TConfigSnapshot): CompiledConfig {
  const problems = validateSnapshot(snapshot);
  if (problems.length > 0) {
    const summary = problems
      .slice(0, 5)
      .map((p) => `${p.path.join('.') || '(root)'}: ${p.message}`)
      .join('; ');
    throw new CoreError('CONFIG_INVALID', `config snapshot has ${problems.length} problem(s): ${summary}`, problems);
  }
  const snap = deepFreeze(structuredClone(snapshot));
  const codes = new Map(snap.codes.map((c) => [c.code, compileCode(c)]));
  const resolveIdentity = (kt: TKeyType, identity: 'personal' | 'enterprise') => {
    const region = kt.dimension.kind === 'identity' ? kt.dimension.centreRegion : '';
    return matchEncodingRule(snap.encodingRules, { region, identity });
  };
  const keyRoutes = snap.keyTypes.map((kt) => compileKeyRoute(kt, namedGroupsOf(kt.pattern), resolveIdentity));
  const deployed = new Set(snap.deployedCodes);
  const failover = new Map(snap.failover.map((o) => [o.from, compileFailover(o)]));
  const migrationsByCode = groupMigrations(snap.migrations);
  const codeRoutes = buildCodeRoutes({
    codeBits: snap.layout.codeBits,
    deployed,
    bottom: snap.bottom,
    codes,
    failover,
    migrationsByCode,
  });
  return Object.freeze({
    snapshot: snap,
    layout: compileLayout(snap.layout),
    matcher: compileKeyTypes(snap.keyTypes),
    keyRoutes: Object.freeze(keyRoutes),
    codes,
    deployed,
    bottom: snap.bottom,
    instances: new Map(snap.instances.map((i) => [i.name, i])),
    failover,
    migrationsByCode,
    callers: new Map(snap.callers.map((c) => [c.name, compileCaller(c)])),
    callerDrops: new Map(snap.degradation.callers.map((d) => [d.caller, d.ratio])),
    keyDrops: new Map(snap.degradation.keys.map((d) => [d.key, d.ratio])),
    codeRoutes,
  });
}

function compileCode(c: TConfigSnapshot['codes'][number]): CompiledCode {
  const instances = new Map(Object.entries(c.instances));
  const home = instances.get(c.homeRegion) ?? '';
  return Object.freeze({
    code: c.code,
    identity: c.identity,
    homeRegion: c.homeRegion,
    home,
    instances,
    homeWrites: Object.freeze([home]),
    homeReason: `code ${c.code} (${c.identity}) home region ${c.homeRegion} → ${home}`,
    allWrites: Object.freeze([home, ...[...instances].filter(([r]) => r !== c.homeRegion).map(([, name]) => name)]),
    localReads: Object.freeze({ ...c.instances }),
    dualCentreReason: `dual-centre key type: code ${c.code} writes ${[home, ...[...instances].filter(([r]) => r !== c.homeRegion).map(([, n]) => n)].join(' then ')} synchronously; reads come from the proxy's own region`,
  });
}

function compileFailover(o: TFailoverOverride): CompiledFailover {
  const why = o.reason ? ` (${o.reason})` : '';
  return Object.freeze({
    override: o,
    reason: `failover override ${o.from}→${o.to}${why} beats the ID route: serving from the code's instance in ${o.to}`,
  });
}

function compileCaller(c: TConfigSnapshot['callers'][number]): CompiledCaller {
  const all = (xs: readonly string[]): boolean => xs.includes('*');
  return Object.freeze({
    name: c.name,
    commands: all(c.commands) ? null : new Set(c.commands.map((x) => x.toUpperCase())),
    granted: new Set(c.commands.filter((x) => x !== '*').map((x) => x.toUpperCase())),
    keyTypes: all(c.keyTypes) ? null : new Set(c.keyTypes),
    qpsLimit: c.qpsLimit,
  });
}

function groupMigrations(migrations: readonly TMigration[]): Map<number, readonly CompiledMigration[]> {
  const byCode = new Map<number, CompiledMigration[]>();
  for (const m of migrations) {
    const list = byCode.get(m.code) ?? [];
    list.push(compileMigration(m));
    byCode.set(m.code, list);
  }
  return new Map([...byCode].map(([k, v]) => [k, Object.freeze(v)]));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
