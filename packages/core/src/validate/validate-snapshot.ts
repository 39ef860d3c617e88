/**
 * Semantic checks of a snapshot that zod's structure cannot express (DESIGN §6). Returns
 * every problem, not the first, so the console can show them all next to their fields.
 */
import type { TConfigSnapshot } from '../config/schema.ts';
import { checkCallers, checkFailover, checkMigrations } from './check-operations.ts';
import { checkEncodingRules, checkKeyTypes } from './check-rules.ts';
import { checkSeed003 } from './check-seed-003.ts';
import { checkCodes, checkDeployed, checkInstances, checkLayout } from './check-topology.ts';
import type { Problem } from './problem.ts';

export function validateSnapshot(snapshot: TConfigSnapshot): Problem[] {
  const problems: Problem[] = [];
  const report = (path: (string | number)[], message: string): void => {
    problems.push({ path, message });
  };
  for (const check of [
    checkLayout,
    checkInstances,
    checkCodes,
    checkDeployed,
    checkEncodingRules,
    checkKeyTypes,
    checkCallers,
    checkFailover,
    checkMigrations,
    checkSeed003,
  ]) {
    check(snapshot, report);
  }
  return problems;
}
