/**
 * Repair one key between the two instances (seed 001 §8.3.3):
 *   - SEQ values present on both sides with different SEQs: when the truth side holds the
 *     bigger SEQ it is copied over by a Lua compare-and-set that only ever raises the SEQ.
 *     When the side that is NOT the truth is ahead, nothing is written ('aheadOfTruth'):
 *     writes go to the truth side first, so SEQ(truth) ≥ SEQ(other) always holds, and a
 *     bigger SEQ on the other side means something went wrong there (a planted value, a
 *     direct write, a lost write on the truth). Copying it over the truth could destroy an
 *     acknowledged write, so a person decides (recon repair with a direction). Before the
 *     write-order switch old is the truth; from WRITE_ORDER_SWITCH on, new is (truthSideOf).
 *   - values shorter than 8 bytes are never read as a SEQ (they fall to the truth rule);
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
import {
  COPYABLE_TYPES,
  digestKeys,
  digestParts,
  readFullRecord,
  recordArgs,
  ttlArg,
  type KeyDigest,
} from '../shared/records.ts';
import { otherSide, type InstancePair, type Side } from '../shared/types.ts';

export type RepairOutcome =
  /** Both sides already agree. */
  | 'equal'
  | 'repaired'
  /** A concurrent write changed the key after we compared; we backed off. */
  | 'conflict'
  /** A type the engine does not copy (e.g. a stream) differs. */
  | 'unsupported'
  /** The side that is not the truth holds a bigger SEQ: reported, never copied over the truth. */
  | 'aheadOfTruth';

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
  /** For 'aheadOfTruth': both SEQs, e.g. "new is ahead of the truth (old): SEQ new=9 > old=4". */
  detail?: string;
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
export async function repairKey(
  pair: InstancePair,
  key: Buffer,
  opts: RepairOptions,
  observed?: Observed,
): Promise<RepairResult> {
  const seen = observed ?? (await observeKey(pair, key));
  if (seen.old === seen.new) return { outcome: 'equal', wrote: null, rule: null };
  if (
    opts.valueFormat === 'seq' &&
    digestParts(seen.old).type === 'string' &&
    digestParts(seen.new).type === 'string'
  ) {
    const bySeq = await repairBySeq(pair, key, opts.truth);
    if (bySeq !== null) return bySeq;
  }
  return repairByTruth(pair, key, opts.truth, seen);
}

/** null when the SEQs are equal (or a value is too short to carry one): the truth rule decides. */
async function repairBySeq(pair: InstancePair, key: Buffer, truth: Side): Promise<RepairResult | null> {
  const [o, n] = await Promise.all([readFullRecord(pair.old, key), readFullRecord(pair.new, key)]);
  const ov = o.type === 'string' ? o.items?.[0] : undefined;
  const nv = n.type === 'string' ? n.items?.[0] : undefined;
  if (ov === undefined || nv === undefined || ov.length < SEQ_BYTES || nv.length < SEQ_BYTES) return null;
  const cmp = Buffer.compare(ov.subarray(0, SEQ_BYTES), nv.subarray(0, SEQ_BYTES));
  if (cmp === 0) return null;
  const [winner, loser]: [Side, Side] = cmp > 0 ? ['old', 'new'] : ['new', 'old'];
  if (winner !== truth) {
    const seqs = `SEQ ${winner}=${readSeqOf(winner === 'old' ? ov : nv)} > ${loser}=${readSeqOf(winner === 'old' ? nv : ov)}`;
    return {
      outcome: 'aheadOfTruth',
      wrote: null,
      rule: 'seq',
      detail: `${winner} is ahead of the truth (${truth}): ${seqs}`,
    };
  }
  const rec = winner === 'old' ? o : n;
  const value = winner === 'old' ? ov : nv;
  const r = asNumber(await SEQ_CAS.run(pair[loser], [key], [value, ttlArg(rec.pttl)]));
  return { outcome: r === 1 ? 'repaired' : 'conflict', wrote: loser, rule: 'seq' };
}

const readSeqOf = (v: Buffer): string => v.readBigUInt64BE(0).toString();

/**
 * An operator's repair (recon repair): copy `from`'s record over the other side, whatever the
 * phase's truth, but only while the other side still has the digest `expectTarget` (what the
 * reconciliation saw and the operator chose to overwrite); a write since then wins ('conflict').
 */
export async function repairFrom(
  pair: InstancePair,
  key: Buffer,
  from: Side,
  expectTarget: KeyDigest,
): Promise<RepairResult> {
  const target = otherSide(from);
  const rec = await readFullRecord(pair[from], key);
  if (rec.type !== 'none' && !COPYABLE_TYPES.has(rec.type)) return { outcome: 'unsupported', wrote: null, rule: null };
  const r = asNumber(await VALUE_CAS.run(pair[target], [key], [expectTarget, ...recordArgs(rec)]));
  return { outcome: r === 1 ? 'repaired' : 'conflict', wrote: target, rule: null };
}

async function repairByTruth(pair: InstancePair, key: Buffer, truth: Side, seen: Observed): Promise<RepairResult> {
  const loser = otherSide(truth);
  const rec = await readFullRecord(pair[truth], key);
  if (rec.type !== 'none' && !COPYABLE_TYPES.has(rec.type))
    return { outcome: 'unsupported', wrote: null, rule: 'truth' };
  const r = asNumber(await VALUE_CAS.run(pair[loser], [key], [seen[loser], ...recordArgs(rec)]));
  return { outcome: r === 1 ? 'repaired' : 'conflict', wrote: loser, rule: 'truth' };
}
