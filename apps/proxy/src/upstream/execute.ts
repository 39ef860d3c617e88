/**
 * Executes routing plans: one instance, a dual-write pair in series, or a split across
 * instances whose replies are reassembled in the caller's key order.
 */
import type { CompiledConfig } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import { arrayElements, integerReply, isErrorReply } from '../resp/reply-scanner.ts';
import type { Route, SplitGroup } from '../routing/plan.ts';
import type { Request, Upstream } from './upstream.ts';

export interface SecondaryWriteFailure {
  /** The instance that took the write (sync truth) and the one that refused it. */
  primary: string;
  secondary: string;
  command: string;
  args: readonly Buffer[];
  /** The secondary's error reply, as text. */
  error: string;
}

export interface Executor {
  upstream: Upstream;
  /**
   * Seam for the migration issue: retries, the compensation queue and realtime
   * reconciliation hang off this. Today: the caller logs and counts.
   */
  onSecondaryWriteFailure(failure: SecondaryWriteFailure): void;
}

/** Sends to one instance, or to a dual-write pair in series (the first is the sync truth). */
export function forward(ex: Executor, cfg: CompiledConfig, route: Route, request: Request, done: (reply: Buffer) => void): void {
  const targets = route.targets;
  if (targets.length === 1) return ex.upstream.send(cfg, targets[0]!, request, route.replica, done);
  const [primary, secondary] = targets as [string, string];
  ex.upstream.send(cfg, primary, request, false, (first) => {
    // The old side failed: the caller sees its error, and the new side is not written.
    if (isErrorReply(first)) return done(first);
    ex.upstream.send(cfg, secondary, request, false, (second) => {
      if (isErrorReply(second)) {
        ex.onSecondaryWriteFailure({ primary, secondary, command: request.args[0]!.toString('latin1'), args: request.args, error: second.toString('utf8', 1).trimEnd() });
      }
      done(first);
    });
  });
}

/** Like forward, for a MULTI…EXEC batch; the caller gets the sync-truth instance's EXEC reply. */
export function forwardTransaction(ex: Executor, cfg: CompiledConfig, route: Route, requests: readonly Request[], done: (reply: Buffer) => void): void {
  const [primary, secondary] = route.targets;
  ex.upstream.transaction(cfg, primary!, requests, (first) => {
    if (secondary === undefined || isErrorReply(first) || first.equals(resp.NULL_ARRAY)) return done(first);
    ex.upstream.transaction(cfg, secondary, requests, (second) => {
      if (isErrorReply(second)) ex.onSecondaryWriteFailure({ primary: primary!, secondary, command: 'EXEC', args: [], error: second.toString('utf8', 1).trimEnd() });
      done(first);
    });
  });
}

/** Splits MGET/MSET/DEL/EXISTS/UNLINK/TOUCH per instance and reassembles the replies. */
export function split(
  ex: Executor,
  cfg: CompiledConfig,
  mode: 'mget' | 'mset' | 'sum',
  groups: readonly SplitGroup[],
  args: readonly Buffer[],
  keyIndices: readonly number[],
  done: (reply: Buffer) => void,
): void {
  const replies = new Array<Buffer | null>(groups.length).fill(null);
  let remaining = groups.length;
  groups.forEach((group, g) => {
    const sub: Buffer[] = [args[0]!];
    for (const ordinal of group.ordinals) {
      const at = keyIndices[ordinal]!;
      sub.push(args[at]!);
      if (mode === 'mset') sub.push(args[at + 1]!);
    }
    forward(ex, cfg, group, { args: sub, raw: null }, (reply) => {
      replies[g] = reply;
      if (--remaining === 0) done(assemble(mode, groups, replies as Buffer[], keyIndices.length));
    });
  });
}

function assemble(mode: 'mget' | 'mset' | 'sum', groups: readonly SplitGroup[], replies: readonly Buffer[], keyCount: number): Buffer {
  const failed = replies.find(isErrorReply);
  if (failed !== undefined) return failed;
  if (mode === 'mset') return resp.OK;
  if (mode === 'sum') {
    let total = 0;
    for (const r of replies) total += integerReply(r) ?? 0;
    return resp.integer(total);
  }
  const out = new Array<Buffer>(keyCount);
  groups.forEach((group, g) => {
    const elements = arrayElements(replies[g]!) ?? [];
    group.ordinals.forEach((ordinal, j) => {
      out[ordinal] = elements[j] ?? resp.NULL_BULK;
    });
  });
  return resp.array(out);
}
