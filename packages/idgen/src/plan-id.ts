/**
 * The pure half of ID generation (DESIGN §4, seed 001 §6.2): pick the storage code from the
 * encoding rules of the caller's region, identity and SET, then compose an ID from today's
 * relative day and a fresh random part. No I/O: uniqueness is the job of `generate.ts`.
 */
import {
  compileLayout,
  dayOf,
  encodeMeetingId,
  GROUPED_LIMIT,
  matchEncodingRule,
  type MeetingIdKind,
  type MeetingIdLayout,
  type TEncodingRule,
  type TIdentity,
} from '@switchyard/core';
import { IdgenError } from './errors.ts';
import type { RandomSource } from './random-source.ts';

/** Bits 49..63 of a normal ID: random, and not all zero (that would make it grouped). */
export const HIGH_RANDOM_BITS = 15;
/** A source returning zero high bits this often in a row is broken, not unlucky (p = 2^-960). */
const MAX_ZERO_HIGH_DRAWS = 64;

export interface EncodingRequest {
  /** The caller's (worker's) region, e.g. TKEX_REGION. Unknown regions fall back to `*;*;*`. */
  region: string;
  /** `personal` or `enterprise`; anything else can only match `*` identity rules. */
  identity: string;
  /** Absent = no particular SET: only rules with set `*` match. */
  set?: string | undefined;
}

export interface EncodingChoice {
  code: number;
  /** `region;identity;set` of the matched rule, e.g. `gz;personal;*` or `*;*;*`. */
  rule: string;
  ruleIndex: number;
  /** Only `*;*;*` matched: traffic is then unbalanced, so callers should see it (001 §6.2.1). */
  fellBack: boolean;
}

// A plain check, not zod: this runs once per generated ID.
const isIdentity = (s: string): s is TIdentity => s === 'personal' || s === 'enterprise';

export function chooseEncoding(rules: readonly TEncodingRule[], req: EncodingRequest): EncodingChoice {
  const known = isIdentity(req.identity);
  // An unknown identity equals no concrete identity, so only `*` identity rules are candidates.
  const candidates = known ? rules : rules.filter((r) => r.identity === '*');
  const match = matchEncodingRule(candidates, {
    region: req.region,
    identity: isIdentity(req.identity) ? req.identity : 'personal',
    set: req.set,
  });
  if (match === null) {
    throw new IdgenError(
      'NO_ENCODING_RULE',
      `no encoding rule matches ${req.region};${req.identity};${req.set ?? '*'} and there is no *;*;* fallback`,
    );
  }
  return { code: match.code, rule: match.label, ruleIndex: rules.indexOf(match.rule), fellBack: match.fellBack };
}

export interface IdDraw {
  id: bigint;
  kind: MeetingIdKind;
  code: number;
  day: number;
  /** As `decodeMeetingId` reports it: grouped = R low bits; normal = (high 15 bits << R) | low. */
  random: bigint;
}

/** One candidate ID for `code` on `day`; every call draws a fresh random part. */
export function drawMeetingId(
  layout: MeetingIdLayout,
  code: number,
  kind: MeetingIdKind,
  day: number,
  random: RandomSource,
): IdDraw {
  const l = compileLayout(layout);
  if (kind === 'grouped') {
    const r = random(l.randomBits);
    return { id: encodeMeetingId({ kind, code, day, random: r }, layout), kind, code, day, random: r };
  }
  for (let i = 0; i < MAX_ZERO_HIGH_DRAWS; i++) {
    const r = random(l.randomBits + HIGH_RANDOM_BITS);
    if (r >> l.codeShift === 0n) continue;
    return { id: encodeMeetingId({ kind, code, day, random: r }, layout), kind, code, day, random: r };
  }
  throw new IdgenError(
    'RANDOM_SOURCE_BROKEN',
    `the random source returned zero in bits 49..63 ${MAX_ZERO_HIGH_DRAWS} times in a row`,
  );
}

export interface PlanRequest extends EncodingRequest {
  grouped: boolean;
  /** "Today" for the relative day; injectable so tests do not straddle midnight +08:00. */
  now?: Date | undefined;
}

export interface IdPlan extends EncodingChoice {
  kind: MeetingIdKind;
  day: number;
  layout: MeetingIdLayout;
}

/** Everything about the next ID except its random part. */
export function planMeetingId(layout: MeetingIdLayout, rules: readonly TEncodingRule[], req: PlanRequest): IdPlan {
  const choice = chooseEncoding(rules, req);
  const l = compileLayout(layout);
  if (BigInt(choice.code) > l.codeMask) {
    throw new IdgenError(
      'NO_ENCODING_RULE',
      `encoding rule ${choice.rule} names code ${choice.code}, which does not fit ${l.codeBits} code bits`,
    );
  }
  // Spelled out, not spread: a spread here cost ~3 µs per ID under tsx.
  const { code, rule, ruleIndex, fellBack } = choice;
  return {
    code,
    rule,
    ruleIndex,
    fellBack,
    kind: req.grouped ? 'grouped' : 'normal',
    day: dayOf(req.now ?? new Date(), layout),
    layout,
  };
}

export const drawFromPlan = (plan: IdPlan, random: RandomSource): IdDraw =>
  drawMeetingId(plan.layout, plan.code, plan.kind, plan.day, random);

/** Grouped IDs must stay exact as zset scores (below 2^49); normal ones sit above. */
export const isInKindRange = (d: IdDraw): boolean =>
  d.kind === 'grouped' ? d.id < GROUPED_LIMIT : d.id >= GROUPED_LIMIT;
