/** Encoding rules and key types. */
import type { TConfigSnapshot, TKeyType } from '../config/schema.ts';
import { namedGroupsOf } from '../keytypes/key-type-matcher.ts';
import { ruleLabel } from '../rules/encoding-rules.ts';
import { maxCode } from './check-topology.ts';
import { checkUnique, type Report } from './problem.ts';

export function checkEncodingRules(s: TConfigSnapshot, report: Report): void {
  const regions = new Set(s.regions.map((r) => r.name));
  const deployed = new Set(s.deployedCodes);
  checkUnique(s.encodingRules, ruleLabel, ['encodingRules'], 'encoding rule', report);
  s.encodingRules.forEach((r, i) => {
    if (r.region !== '*' && !regions.has(r.region))
      report(['encodingRules', i, 'region'], `encoding rule ${ruleLabel(r)} names unknown region '${r.region}'`);
    if (!deployed.has(r.code))
      report(
        ['encodingRules', i, 'code'],
        `encoding rule ${ruleLabel(r)} gives code ${r.code}, which is not deployed; new IDs would go to bottom`,
      );
  });
  if (!s.encodingRules.some((r) => r.region === '*' && r.identity === '*' && r.set === '*')) {
    report(
      ['encodingRules'],
      'no *;*;* fallback rule; add one so a region or identity without a rule still gets a code',
    );
  }
}

export function checkKeyTypes(s: TConfigSnapshot, report: Report): void {
  checkUnique(s.keyTypes, (k) => k.name, ['keyTypes'], 'key type name', report);
  s.keyTypes.forEach((kt, i) => checkKeyType(s, kt, ['keyTypes', i], report));
}

function checkKeyType(s: TConfigSnapshot, kt: TKeyType, at: (string | number)[], report: Report): void {
  try {
    new RegExp(kt.pattern);
  } catch (e) {
    report([...at, 'pattern'], `key type '${kt.name}': pattern does not compile: ${(e as Error).message}`);
    return;
  }
  const groups = namedGroupsOf(kt.pattern);
  const needGroup = (group: string): void => {
    if (!groups.includes(group))
      report(
        [...at, 'dimension', 'group'],
        `key type '${kt.name}': pattern has no named group '(?<${group}>…)' for its ${kt.dimension.kind} dimension`,
      );
  };
  const inRange = (code: number, path: (string | number)[]): void => {
    if (code > maxCode(s)) report(path, `key type '${kt.name}': code ${code} is outside 0..${maxCode(s)}`);
  };
  const d = kt.dimension;
  switch (d.kind) {
    case 'mid':
      return needGroup(d.group);
    case 'identity':
      needGroup(d.group);
      if (!s.regions.some((r) => r.name === d.centreRegion))
        report(
          [...at, 'dimension', 'centreRegion'],
          `key type '${kt.name}': unknown centre region '${d.centreRegion}'`,
        );
      return;
    case 'hash':
      if (d.group !== undefined) needGroup(d.group);
      d.codes.forEach((c, j) => inRange(c, [...at, 'dimension', 'codes', j]));
      return;
    case 'fixed':
      return inRange(d.code, [...at, 'dimension', 'code']);
    case 'fixed-instance':
      if (!s.instances.some((x) => x.name === d.instance))
        report([...at, 'dimension', 'instance'], `key type '${kt.name}': unknown instance '${d.instance}'`);
  }
}
