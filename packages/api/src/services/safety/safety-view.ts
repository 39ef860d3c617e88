/** The Safety page's and `syctl rules list`'s view: each rule with its title and parameters. */
import type { Db } from '../../db.ts';
import { RULE_NAMES, RULE_TITLES, SOFT_RULES } from '../../routers/safety/rules.types.ts';
import { currentRules, recentBreakGlass } from './safety-service.ts';

export async function listSafety(db: Db, overrideHours: number) {
  const current = await currentRules(db);
  const rules = RULE_NAMES.map((name) => {
    const { enabled, ...params } = current.rules[name];
    return {
      name,
      title: RULE_TITLES[name],
      enabled,
      soft: SOFT_RULES.has(name),
      params: params as Record<string, number>,
    };
  });
  return { current, rules, overrides: await recentBreakGlass(db, overrideHours) };
}
