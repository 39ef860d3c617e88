/** Layout, regions, instances, storage codes, deployed codes and bottom. */
import type { TConfigSnapshot } from '../config/schema.ts';
import { checkUnique, type Report } from './problem.ts';

export function maxCode(s: TConfigSnapshot): number {
  return 2 ** s.layout.codeBits - 1;
}

export function checkLayout(s: TConfigSnapshot, report: Report): void {
  const { codeBits, dayBits, epoch } = s.layout;
  if (codeBits + dayBits > 48)
    report(
      ['layout'],
      `codeBits + dayBits is ${codeBits + dayBits}; at most 48 leaves at least one random bit below bit 49`,
    );
  if (Number.isNaN(Date.parse(epoch))) report(['layout', 'epoch'], `epoch '${epoch}' is not an ISO instant`);
}

export function checkInstances(s: TConfigSnapshot, report: Report): void {
  const regions = new Set(s.regions.map((r) => r.name));
  checkUnique(s.regions, (r) => r.name, ['regions'], 'region name', report);
  checkUnique(s.instances, (i) => i.name, ['instances'], 'instance name', report);
  s.instances.forEach((inst, i) => {
    if (!regions.has(inst.region))
      report(['instances', i, 'region'], `instance '${inst.name}' is in unknown region '${inst.region}'`);
  });
}

export function checkCodes(s: TConfigSnapshot, report: Report): void {
  const regions = new Set(s.regions.map((r) => r.name));
  const instances = new Map(s.instances.map((i) => [i.name, i]));
  const max = maxCode(s);
  const deployed = new Set(s.deployedCodes);
  checkUnique(s.codes, (c) => c.code, ['codes'], 'storage code', report);
  s.codes.forEach((c, i) => {
    const at = ['codes', i];
    if (c.code > max) report([...at, 'code'], `code ${c.code} is outside 0..${max} (2^codeBits-1)`);
    if (!regions.has(c.homeRegion))
      report([...at, 'homeRegion'], `code ${c.code} has unknown home region '${c.homeRegion}'`);
    else if (c.instances[c.homeRegion] === undefined)
      report([...at, 'instances'], `code ${c.code} has no primary instance in its home region '${c.homeRegion}'`);
    for (const [region, name] of Object.entries(c.instances)) {
      const inst = instances.get(name);
      if (!regions.has(region)) report([...at, 'instances', region], `code ${c.code} maps unknown region '${region}'`);
      if (!inst) report([...at, 'instances', region], `code ${c.code} in ${region} names unknown instance '${name}'`);
      else if (inst.region !== region)
        report(
          [...at, 'instances', region],
          `code ${c.code} in ${region} names instance '${name}', which runs in ${inst.region}`,
        );
    }
    for (const region of Object.keys(c.mirrorModes)) {
      if (region === c.homeRegion)
        report(
          [...at, 'mirrorModes', region],
          `code ${c.code}: '${region}' is the home region, not a mirror; remove its mirror mode`,
        );
      else if (c.instances[region] === undefined)
        report(
          [...at, 'mirrorModes', region],
          `code ${c.code} has a mirror mode for '${region}' but no instance there`,
        );
    }
    if (!deployed.has(c.code)) return;
    for (const region of regions) {
      if (c.instances[region] === undefined)
        report([...at, 'instances'], `deployed code ${c.code} has no instance in region '${region}'`);
    }
  });
}

export function checkDeployed(s: TConfigSnapshot, report: Report): void {
  const known = new Set(s.codes.map((c) => c.code));
  const max = maxCode(s);
  checkUnique(s.deployedCodes, (c) => c, ['deployedCodes'], 'deployed code', report);
  s.deployedCodes.forEach((code, i) => {
    if (code > max) report(['deployedCodes', i], `deployed code ${code} is outside 0..${max} (2^codeBits-1)`);
    if (!known.has(code)) report(['deployedCodes', i], `deployed code ${code} has no entry in codes`);
  });
  if (!s.deployedCodes.includes(s.bottom))
    report(['bottom'], `bottom code ${s.bottom} is not deployed; legacy IDs would have nowhere to go`);
}
