/** Callers, degradation, failover overrides and migrations. */
import { DEFAULT_CALLER, type TConfigSnapshot, type TMigration } from '../config/schema.ts';
import { maxCode } from './check-topology.ts';
import { checkUnique, type Report } from './problem.ts';
import { phaseTraits } from '../migration/phase-traits.ts';

export function checkCallers(s: TConfigSnapshot, report: Report): void {
  const keyTypes = new Set(s.keyTypes.map((k) => k.name));
  const callers = new Set(s.callers.map((c) => c.name));
  checkUnique(s.callers, (c) => c.name, ['callers'], 'caller name', report);
  s.callers.forEach((c, i) => {
    // Redis's nopass exists for its `default` user only: no other name may skip the secret.
    if (c.nopass === true && c.name !== DEFAULT_CALLER)
      report(['callers', i, 'nopass'], `caller '${c.name}': only the caller named '${DEFAULT_CALLER}' may be nopass`);
    c.keyTypes.forEach((k, j) => {
      if (k !== '*' && !keyTypes.has(k))
        report(['callers', i, 'keyTypes', j], `caller '${c.name}' allows unknown key type '${k}'`);
    });
    c.commands.forEach((cmd, j) => {
      if (cmd !== '*' && cmd !== cmd.toUpperCase())
        report(['callers', i, 'commands', j], `caller '${c.name}': command '${cmd}' must be upper-case`);
    });
  });
  s.degradation.callers.forEach((d, i) => {
    if (!callers.has(d.caller))
      report(['degradation', 'callers', i, 'caller'], `drop rule names unknown caller '${d.caller}'`);
    if (!(d.ratio >= 0 && d.ratio <= 1))
      report(['degradation', 'callers', i, 'ratio'], `drop ratio ${d.ratio} is outside 0..1`);
  });
  checkUnique(s.degradation.callers, (d) => d.caller, ['degradation', 'callers'], 'caller drop rule', report);
  s.degradation.keys.forEach((d, i) => {
    if (!(d.ratio >= 0 && d.ratio <= 1))
      report(['degradation', 'keys', i, 'ratio'], `drop ratio ${d.ratio} for key '${d.key}' is outside 0..1`);
  });
  checkUnique(s.degradation.keys, (d) => d.key, ['degradation', 'keys'], 'key drop rule', report);
  checkUnique(s.degradation.throttles ?? [], (t) => t.key, ['degradation', 'throttles'], 'key throttle rule', report);
}

export function checkFailover(s: TConfigSnapshot, report: Report): void {
  const regions = new Set(s.regions.map((r) => r.name));
  const froms = new Set(s.failover.map((o) => o.from));
  checkUnique(s.failover, (o) => o.from, ['failover'], 'override of region', report);
  s.failover.forEach((o, i) => {
    const at = ['failover', i];
    if (!regions.has(o.from)) report([...at, 'from'], `override from unknown region '${o.from}'`);
    if (!regions.has(o.to)) report([...at, 'to'], `override to unknown region '${o.to}'`);
    if (o.from === o.to) return report(at, `override ${o.from}→${o.to} points a region at itself`);
    if (froms.has(o.to))
      report(
        [...at, 'to'],
        `override ${o.from}→${o.to} targets a region that is itself overridden; overrides do not chain, point ${o.from} at a healthy region`,
      );
    for (const c of s.codes) {
      if (c.homeRegion === o.from && c.instances[o.to] === undefined) {
        report([...at, 'to'], `override ${o.from}→${o.to}: code ${c.code} has no mirror in ${o.to}`);
      }
    }
  });
}

export function checkMigrations(s: TConfigSnapshot, report: Report): void {
  const instances = new Set(s.instances.map((i) => i.name));
  const codes = new Set(s.codes.map((c) => c.code));
  checkUnique(s.migrations, (m) => m.id, ['migrations'], 'migration id', report);
  s.migrations.forEach((m, i) => {
    const at = ['migrations', i];
    if (!instances.has(m.from))
      report([...at, 'from'], `migration '${m.name}' moves from unknown instance '${m.from}'`);
    if (!instances.has(m.to)) report([...at, 'to'], `migration '${m.name}' moves to unknown instance '${m.to}'`);
    if (m.from === m.to) report(at, `migration '${m.name}' moves ${m.from} onto itself`);
    if (m.code > maxCode(s))
      report([...at, 'code'], `migration '${m.name}': code ${m.code} is outside 0..${maxCode(s)}`);
    else if (!codes.has(m.code)) report([...at, 'code'], `migration '${m.name}' names unknown code ${m.code}`);
    if (m.scope && m.scope.remainder >= m.scope.modulo)
      report(
        [...at, 'scope', 'remainder'],
        `migration '${m.name}': remainder ${m.scope.remainder} must be below modulo ${m.scope.modulo}`,
      );
    for (const [field, v] of [
      ['grayReadPercent', m.grayReadPercent],
      ['stopDualWritePercent', m.stopDualWritePercent],
    ] as const) {
      if (!(v >= 0 && v <= 100)) report([...at, field], `migration '${m.name}': ${field} ${v} is outside 0..100`);
    }
    const code = s.codes.find((c) => c.code === m.code);
    const earlierTargets = s.migrations
      .slice(0, i)
      .filter((o) => o.code === m.code && o.phase === 'DONE')
      .map((o) => o.to);
    // An unscoped DONE migration made its target the code's home (issue 15): `from` no longer serves it.
    const movedHome = m.phase === 'DONE' && !m.scope && code?.instances[code.homeRegion] === m.to;
    if (code && !movedHome && !Object.values(code.instances).includes(m.from) && !earlierTargets.includes(m.from)) {
      report(
        [...at, 'from'],
        `migration '${m.name}' moves code ${m.code} from '${m.from}', which does not serve that code (its instances: ${Object.values(code.instances).join(', ')})`,
      );
    }
    s.migrations.slice(0, i).forEach((other, j) => {
      if (overlaps(m, other))
        report(at, `migration '${m.name}' overlaps active migration '${other.name}' (index ${j}) on code ${m.code}`);
    });
  });
}

function overlaps(a: TMigration, b: TMigration): boolean {
  if (a.code !== b.code || phaseTraits(a.phase).terminal || phaseTraits(b.phase).terminal) return false;
  if (!a.scope || !b.scope) return true;
  // Two residue classes meet iff the remainders agree modulo gcd(modulo_a, modulo_b).
  const g = gcd(a.scope.modulo, b.scope.modulo);
  return a.scope.remainder % g === b.scope.remainder % g;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
