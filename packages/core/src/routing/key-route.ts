/**
 * Per key type, everything the hot path needs, resolved at compile time: the dimension,
 * the identity codes from the encoding rules, and the static reason strings.
 */
import type { TCacheTier, TKeyType } from '../config/schema.ts';
import type { EncodingMatch } from '../rules/encoding-rules.ts';
import type { ReadPolicy, ValueFormat } from './types.ts';

interface IdentityCode {
  readonly code: number;
  readonly reason: string;
}

export type KeyDimension =
  | { readonly kind: 'mid'; readonly group: string }
  | {
      readonly kind: 'identity';
      readonly group: string;
      readonly personal: IdentityCode;
      readonly enterprise: IdentityCode;
    }
  | {
      readonly kind: 'hash';
      readonly group: string | undefined;
      readonly codes: readonly number[];
      readonly slotReasons: readonly string[];
    }
  | { readonly kind: 'fixed'; readonly code: number }
  | { readonly kind: 'fixed-instance'; readonly instance: string };

export interface KeyRoute {
  readonly name: string;
  readonly dimension: KeyDimension;
  /** The group holding the meeting ID (for migration scope and buckets), if the pattern has one. */
  readonly midGroup: string | null;
  readonly readPolicy: ReadPolicy;
  readonly cacheTier: TCacheTier;
  readonly valueFormat: ValueFormat;
  /** Seed 003 dual-centre writes (`writeMode: 'dual-centre'`). */
  readonly dualCentre: boolean;
  /** "matched key type 'x' (#n)" */
  readonly matchedReason: string;
}

type ResolveIdentity = (kt: TKeyType, identity: 'personal' | 'enterprise') => EncodingMatch | null;

export function compileKeyRoute(kt: TKeyType, groups: readonly string[], resolveIdentity: ResolveIdentity): KeyRoute {
  const d = kt.dimension;
  let dimension: KeyDimension;
  if (d.kind === 'identity') {
    dimension = {
      kind: 'identity',
      group: d.group,
      personal: identityCode(kt, 'personal', resolveIdentity),
      enterprise: identityCode(kt, 'enterprise', resolveIdentity),
    };
  } else if (d.kind === 'hash') {
    const n = d.codes.length;
    const slotReasons = Object.freeze(d.codes.map((c, slot) => `FNV-1a slot ${slot} of ${n} → code ${c}`));
    dimension = { kind: 'hash', group: d.group, codes: Object.freeze([...d.codes]), slotReasons };
  } else {
    dimension = { ...d };
  }
  const midGroup = d.kind === 'mid' ? d.group : groups.includes('mid') ? 'mid' : null;
  return Object.freeze({
    name: kt.name,
    dimension: Object.freeze(dimension),
    midGroup,
    readPolicy: kt.readPolicy,
    cacheTier: kt.cacheTier,
    valueFormat: kt.valueFormat,
    dualCentre: kt.writeMode === 'dual-centre',
    matchedReason: `matched key type '${kt.name}' (${describe(kt)})`,
  });
}

function identityCode(kt: TKeyType, identity: 'personal' | 'enterprise', resolve: ResolveIdentity): IdentityCode {
  const m = resolve(kt, identity);
  const region = kt.dimension.kind === 'identity' ? kt.dimension.centreRegion : '?';
  // The validator guarantees a `*;*;*` rule, so m is only null for unvalidated input.
  if (!m) return { code: -1, reason: `no encoding rule for ${region};${identity};*` };
  const fell = m.fellBack ? ' — fell back to *;*;*' : '';
  const appid = identity === 'personal' ? 'appid 0' : 'appid non-zero';
  return Object.freeze({
    code: m.code,
    reason: `${appid} → ${identity} via centre region ${region}: encoding rule ${m.label} → code ${m.code}${fell}`,
  });
}

function describe(kt: TKeyType): string {
  const d = kt.dimension;
  switch (d.kind) {
    case 'mid':
      return `by meeting ID in group '${d.group}'`;
    case 'identity':
      return `by identity of group '${d.group}' (appid 0 = personal)`;
    case 'hash':
      return `by FNV-1a of ${d.group ? `group '${d.group}'` : 'the key'} mod ${d.codes.length} codes`;
    case 'fixed':
      return `fixed to code ${d.code}`;
    case 'fixed-instance':
      return `fixed to instance ${d.instance}`;
  }
}
