/**
 * Repair one key between the two instances (seed 001 §8.3.3):
 *   - SEQ values present on both sides with different SEQs: the bigger SEQ wins, written by a
 *     Lua compare-and-set that only ever raises the SEQ;
 *   - everything else (plain values, a missing side, equal SEQs with different bytes, TTL
 *     presence): the truth side wins (old until the write order switches), written by a
 *     value-CAS that backs off when the key no longer has the digest we compared.
 * A missing side follows the truth rule rather than "bigger SEQ", so a delete on the truth
 * side is propagated instead of being resurrected from the stale side.
 */
import { SEQ_BYTES } from '@switchyard/core';
import { SEQ_CAS } from '../lua/seq-cas.lua.ts';
import { VALUE_CAS } from '../lua/value-cas.lua.ts';
import { asNumber } from '../lua/script.ts';
import { COPYABLE_TYPES, digestKeys, digestParts, readFullRecord, recordArgs, ttlArg, type KeyDigest } from '../shared/records.ts';
import { otherSide, type InstancePair, type Side } from '../shared/types.ts';

export type RepairOutcome =
  /** Both sides already agree. */
  | 'equal'
  | 'repaired'
  /** A concurrent write changed the key after we compared; we backed off. */
  | 'conflict'
  /** A type the engine does not copy (e.g. a stream) differs. */
  | 'unsupported';

export interface RepairOptions {
  /** Which side wins for plain values (see truthSideOf in core). */
  truth: Side;
  valueFormat: 'seq' | 'plain';
}

export interface RepairResult {
  outcome: RepairOutcome;
  /** The side that was written (or would have been). */
  wrote: Side | null;
  rule: 'seq' | 'truth' | null;
}

export interface Observed {
  old: KeyDigest;
  new: KeyDigest;
}

export async function observeKey(pair: InstancePair, key: Buffer): Promise<Observed> {
  const [o, n] = await Promise.all([digestKeys(pair.old, [key]), digestKeys(pair.new, [key])]);
  return { old: o[0]!, new: n[0]! };
}

/** Compare and repair; `observed` are digests taken earlier (the CAS expects them), else fresh ones. */
export async function repairKey(pair: InstancePair, key: Buffer, opts: RepairOptions, observed?: Observed): Promise<RepairResult> {
  const seen = observed ?? (await observeKey(pair, key));
  if (seen.old === seen.new) return { outcome: 'equal', wrote: null, rule: null };
  if (opts.valueFormat === 'seq' && digestParts(seen.old).type === 'string' && digestParts(seen.new).type === 'string') {
    const bySeq = await repairBySeq(pair, key);
    if (bySeq !== null) return bySeq;
  }
  return repairByTruth(pair, key, opts.truth, seen);
}

/** null when the SEQs are equal (or a value is too short to carry one): the truth rule decides. */
async function repairBySeq(pair: InstancePair, key: Buffer): Promise<RepairResult | null> {
  const [o, n] = await Promise.all([readFullRecord(pair.old, key), readFullRecord(pair.new, key)]);
  const ov = o.type === 'string' ? o.items?.[0] : undefined;
  const nv = n.type === 'string' ? n.items?.[0] : undefined;
  if (ov === undefined || nv === undefined || ov.length < SEQ_BYTES || nv.length < SEQ_BYTES) return null;
  const cmp = Buffer.compare(ov.subarray(0, SEQ_BYTES), nv.subarray(0, SEQ_BYTES));
  if (cmp === 0) return null;
  const [winner, loser]: [Side, Side] = cmp > 0 ? ['old', 'new'] : ['new', 'old'];
  const rec = winner === 'old' ? o : n;
  const value = winner === 'old' ? ov : nv;
  const r = asNumber(await SEQ_CAS.run(pair[loser], [key], [value, ttlArg(rec.pttl)]));
  return { outcome: r === 1 ? 'repaired' : 'conflict', wrote: loser, rule: 'seq' };
}

async function repairByTruth(pair: InstancePair, key: Buffer, truth: Side, seen: Observed): Promise<RepairResult> {
  const loser = otherSide(truth);
  const rec = await readFullRecord(pair[truth], key);
  if (rec.type !== 'none' && !COPYABLE_TYPES.has(rec.type)) return { outcome: 'unsupported', wrote: null, rule: 'truth' };
  const r = asNumber(await VALUE_CAS.run(pair[loser], [key], [seen[loser], ...recordArgs(rec)]));
  return { outcome: r === 1 ? 'repaired' : 'conflict', wrote: loser, rule: 'truth' };
}
