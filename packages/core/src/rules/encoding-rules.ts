/**
 * Encoding rules `region;identity;set → code` (001 §6.2.1). The most specific matching rule
 * wins: first by how many fields are not `*`, then a concrete region beats a concrete
 * identity, which beats a concrete set. Between equally specific rules the earlier one wins
 * (the validator rejects exact duplicates). `*;*;*` is the fallback of last resort.
 */
import type { TEncodingRule, TIdentity } from '../config/schema.ts';

export interface EncodingQuery {
  region: string;
  identity: TIdentity;
  /** Absent = "no particular set": only rules with set `*` match. */
  set?: string;
}

export interface EncodingMatch {
  rule: TEncodingRule;
  index: number;
  code: number;
  /** True when only `*;*;*` matched: worth showing, since traffic is then unbalanced. */
  fellBack: boolean;
  /** `region;identity;set` of the rule, for traces. */
  label: string;
}

export const ruleLabel = (r: Pick<TEncodingRule, 'region' | 'identity' | 'set'>): string =>
  `${r.region};${r.identity};${r.set}`;

export function ruleSpecificity(r: Pick<TEncodingRule, 'region' | 'identity' | 'set'>): number {
  const region = r.region === '*' ? 0 : 1;
  const identity = r.identity === '*' ? 0 : 1;
  const set = r.set === '*' ? 0 : 1;
  return (region + identity + set) * 8 + region * 4 + identity * 2 + set;
}

const fieldMatches = (ruleValue: string, value: string | undefined): boolean =>
  ruleValue === '*' || (value !== undefined && ruleValue === value);

export function matchEncodingRule(rules: readonly TEncodingRule[], q: EncodingQuery): EncodingMatch | null {
  let best: EncodingMatch | null = null;
  let bestScore = -1;
  rules.forEach((rule, index) => {
    if (
      !fieldMatches(rule.region, q.region) ||
      !fieldMatches(rule.identity, q.identity) ||
      !fieldMatches(rule.set, q.set)
    )
      return;
    const score = ruleSpecificity(rule);
    if (score > bestScore) {
      bestScore = score;
      best = { rule, index, code: rule.code, fellBack: score === 0, label: ruleLabel(rule) };
    }
  });
  return best;
}
