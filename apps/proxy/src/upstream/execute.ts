/**
 * Executes routing plans: one instance, a dual-write pair in series, or a split across
 * instances whose replies are reassembled in the caller's key order.
 */
import type { CompiledConfig } from '@switchyard/core';
import { writtenKeys } from '@switchyard/migration';
import { proxyErrorOf } from '../errors.ts';
import { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { arrayElements, integerReply, isErrorReply } from '../resp/reply-scanner.ts';
import type { Route, SplitGroup } from '../routing/plan.ts';
import type { CallerScope } from './caller-users.ts';
import { whole, type ReplySink, type Upstream } from './upstream.ts';

export interface SecondaryWriteFailure {
  /** The instance that took the write (sync truth) and the one that refused it. */
  primary: string;
  secondary: string;
  command: string;
  args: readonly Buffer[];
  /** The secondary's error reply, as text. */
  error: string;
  /** A MULTI…EXEC batch: the keys its commands wrote (a single command's come from `args`). */
  keys?: readonly Buffer[];
}

export interface Executor {
  upstream: Upstream;
  /**
   * Seam for the migration issue: retries, the compensation queue and realtime
   * reconciliation hang off this. Today: the caller logs and counts.
   */
  onSecondaryWriteFailure(failure: SecondaryWriteFailure): void;
  /**
   * The first (sync-truth) write of a dual-write pair got no answer in time or lost its
   * connection: it may have been applied anyway (seed 001 §8.3.3.1, "the SDK reported
   * failure, but Redis actually succeeded"), so the key is reconciled in realtime. Plain
   * Redis error replies (WRONGTYPE, syntax) mean nothing was applied and are not reported.
   */
  onPrimaryWriteFailure(failure: SecondaryWriteFailure): void;
}

/** The proxy's own "backend timed out / unavailable" replies: the outcome of the write is unknown. */
const AMBIGUOUS = Buffer.from('-ERR SWITCHYARD backend ');
const isAmbiguousFailure = (b: Buffer, s: number, e: number): boolean =>
  e - s > AMBIGUOUS.length && b.compare(AMBIGUOUS, 0, AMBIGUOUS.length, s, s + AMBIGUOUS.length) === 0;

/** A dual write's failed side, as the compensation hook takes it: the error reply's text without `-`. */
const writeFailure = (
  primary: string,
  secondary: string,
  command: Command,
  buf: Buffer,
  start: number,
  end: number,
): SecondaryWriteFailure => ({
  primary,
  secondary,
  command: command.latin1(0),
  args: command.args(),
  error: buf.toString('utf8', start + 1, end).trimEnd(),
});

const resp3Executors = new WeakMap<Executor, Executor>();

/** The executor with the worker's RESP3 pools (one per worker, shared by every HELLO 3 session). */
export function resp3Executor(ex: Executor): Executor {
  let r3 = resp3Executors.get(ex);
  if (r3 === undefined) {
    r3 = {
      upstream: ex.upstream.resp3(),
      onSecondaryWriteFailure: (failure) => ex.onSecondaryWriteFailure(failure),
      onPrimaryWriteFailure: (failure) => ex.onPrimaryWriteFailure(failure),
    };
    resp3Executors.set(ex, r3);
  }
  return r3;
}

/** A reply of our own to keep across a wait; the proxy's own error replies are immutable and keep their code (errors.ts). */
const copyOf = (buf: Buffer, start: number, end: number): Buffer =>
  proxyErrorOf(buf, start, end) !== undefined ? buf : Buffer.from(buf.subarray(start, end));

/**
 * Sends to one instance, or to a dual-write pair in series (the first is the sync truth).
 * `scope`: a contained caller's script, sent as its own ACL user (caller-users.ts).
 */
export function forward(
  ex: Executor,
  cfg: CompiledConfig,
  route: Route,
  command: Command,
  done: ReplySink,
  scope: CallerScope | null = null,
): void {
  const targets = route.targets;
  if (scope !== null) return forwardScoped(ex, cfg, route, command, done, scope);
  if (targets.length === 1) return ex.upstream.send(cfg, targets[0]!, command, route.replica, done);
  if (targets.length > 2) return forwardEveryRegion(ex, cfg, targets, command, done, null);
  forwardPair(ex, cfg, targets[0]!, targets[1]!, command, done, null);
}

/** A dual-write pair in series; `scope` as in forward(). */
function forwardPair(
  ex: Executor,
  cfg: CompiledConfig,
  primary: string,
  secondary: string,
  command: Command,
  done: ReplySink,
  scope: CallerScope | null,
): void {
  sendOne(ex, cfg, primary, scope, command, (b1, s1, e1) => {
    // The old side failed: the caller sees its error, and the new side is not written.
    if (b1[s1] === 45) {
      if (isAmbiguousFailure(b1, s1, e1))
        ex.onPrimaryWriteFailure(writeFailure(primary, secondary, command, b1, s1, e1));
      return done(b1, s1, e1);
    }
    // The first reply's bytes may live in a receive buffer; keep our own copy across the wait.
    const first = copyOf(b1, s1, e1);
    sendOne(ex, cfg, secondary, scope, command, (b2, s2, e2) => {
      if (b2[s2] === 45) ex.onSecondaryWriteFailure(writeFailure(primary, secondary, command, b2, s2, e2));
      whole(done, first);
    });
  });
}

/** One side of a dual write: on the shared pools, or as a contained caller's own ACL user. */
function sendOne(
  ex: Executor,
  cfg: CompiledConfig,
  instance: string,
  scope: CallerScope | null,
  command: Command,
  cb: ReplySink,
): void {
  if (scope === null) ex.upstream.send(cfg, instance, command, false, cb);
  else ex.upstream.sendScoped(cfg, instance, scope, command, cb);
}

/**
 * Dual-centre writes over three or more regions (seed 003): the home instance first (its
 * error is the caller's, and then no region is written), then every other region at once;
 * the caller's reply waits for all of them, and each failed region goes to compensation.
 */
function forwardEveryRegion(
  ex: Executor,
  cfg: CompiledConfig,
  targets: readonly string[],
  command: Command,
  done: ReplySink,
  scope: CallerScope | null,
): void {
  const primary = targets[0]!;
  sendOne(ex, cfg, primary, scope, command, (b1, s1, e1) => {
    if (b1[s1] === 45) return done(b1, s1, e1);
    const first = copyOf(b1, s1, e1);
    let remaining = targets.length - 1;
    for (let i = 1; i < targets.length; i++) {
      const secondary = targets[i]!;
      sendOne(ex, cfg, secondary, scope, command, (b2, s2, e2) => {
        if (b2[s2] === 45) ex.onSecondaryWriteFailure(writeFailure(primary, secondary, command, b2, s2, e2));
        if (--remaining === 0) whole(done, first);
      });
    }
  });
}

/** forward() for a contained caller's script (kept apart so the hot path allocates nothing more). */
function forwardScoped(
  ex: Executor,
  cfg: CompiledConfig,
  route: Route,
  command: Command,
  done: ReplySink,
  scope: CallerScope,
): void {
  const [primary, secondary] = route.targets as [string, string | undefined];
  if (secondary === undefined) return ex.upstream.sendScoped(cfg, primary, scope, command, done);
  if (route.targets.length > 2) return forwardEveryRegion(ex, cfg, route.targets, command, done, scope);
  forwardPair(ex, cfg, primary, secondary, command, done, scope);
}

/** Like forward, for a MULTI…EXEC batch; the caller gets the sync-truth instance's EXEC reply. */
export function forwardTransaction(
  ex: Executor,
  cfg: CompiledConfig,
  route: Route,
  commands: readonly Command[],
  done: ReplySink,
): void {
  const [primary, secondary] = route.targets;
  // The batch's keys, so a failed half is re-synced key by key rather than dead-lettered as keyless.
  const failure = (error: string) => ({
    primary: primary!,
    secondary: secondary!,
    command: 'EXEC',
    args: [],
    error,
    keys: batchKeys(commands),
  });
  ex.upstream.transaction(cfg, primary!, commands, (b1, s1, e1) => {
    const first = copyOf(b1, s1, e1);
    if (secondary !== undefined && isAmbiguousFailure(first, 0, first.length))
      ex.onPrimaryWriteFailure(failure(first.toString('utf8', 1).trimEnd()));
    if (secondary === undefined || isErrorReply(first) || first.equals(resp.NULL_ARRAY) || first.equals(resp.NULL3))
      return whole(done, first);
    ex.upstream.transaction(cfg, secondary, commands, (b2, s2, e2) => {
      if (b2[s2] === 45) ex.onSecondaryWriteFailure(failure(b2.toString('utf8', s2 + 1, e2).trimEnd()));
      whole(done, first);
    });
  });
}

function batchKeys(commands: readonly Command[]): Buffer[] {
  const seen = new Map<string, Buffer>();
  for (const c of commands)
    for (const k of writtenKeys(c.args().map((a) => Buffer.from(a)))) seen.set(k.toString('latin1'), k);
  return [...seen.values()];
}

/** Splits MGET/MSET/DEL/EXISTS/UNLINK/TOUCH per instance and reassembles the replies. */
export function split(
  ex: Executor,
  cfg: CompiledConfig,
  mode: 'mget' | 'mset' | 'sum',
  groups: readonly SplitGroup[],
  command: Command,
  keyIndices: readonly number[],
  done: ReplySink,
): void {
  const args = command.args();
  const replies = new Array<Buffer | null>(groups.length).fill(null);
  let remaining = groups.length;
  groups.forEach((group, g) => {
    const sub: Buffer[] = [args[0]!];
    for (const ordinal of group.ordinals) {
      const at = keyIndices[ordinal]!;
      sub.push(args[at]!);
      if (mode === 'mset') sub.push(args[at + 1]!);
    }
    forward(ex, cfg, group, Command.fromArgs(sub), (buf, start, end) => {
      replies[g] = copyOf(buf, start, end);
      if (--remaining === 0) whole(done, assemble(mode, groups, replies as Buffer[], keyIndices.length));
    });
  });
}

function assemble(
  mode: 'mget' | 'mset' | 'sum',
  groups: readonly SplitGroup[],
  replies: readonly Buffer[],
  keyCount: number,
): Buffer {
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
