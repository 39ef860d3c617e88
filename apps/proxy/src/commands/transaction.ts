/**
 * MULTI/EXEC and WATCH. Commands are queued here, client-side; EXEC routes them all against
 * one config and sends MULTI … EXEC to the single instance they share, or answers CROSSSLOT.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import type { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { commandSpec } from '../routing/command-table.ts';
import { planCommand, type Route } from '../routing/plan.ts';
import { forwardTransaction } from '../upstream/execute.ts';
import { writeTimeoutReply } from '../upstream/write-timeout.ts';
import type { ClientSession, QueuedCommand } from '../session/port.ts';
import { arrayElements } from '../resp/reply-scanner.ts';
import { localAnswer, unwatch } from './local-commands.ts';

export function multi(session: ClientSession): void {
  if (session.tx !== null) return session.reply(errorReply('NESTED_MULTI'));
  session.tx = { queued: [], dirty: false };
  session.reply(resp.OK);
}

export function discard(session: ClientSession): void {
  if (session.tx === null) return session.reply(errorReply('DISCARD_WITHOUT_MULTI'));
  session.tx = null;
  unwatch(session);
  session.reply(resp.OK);
}

/** `caller`: the session's caller in the active config, looked up by the pipeline (null: NOAUTH). */
export function exec(session: ClientSession, caller: CompiledCaller | null): void {
  const tx = session.tx;
  if (tx === null) return session.reply(errorReply('EXEC_WITHOUT_MULTI'));
  session.tx = null;
  const pinned = session.watch;
  session.watch = null;
  const fail = (reply: Buffer): void => {
    pinned?.conn.close();
    session.reply(reply);
  };
  if (tx.dirty) return fail(errorReply('EXECABORT'));
  const remote = tx.queued.filter((q) => q.local !== true);
  // Nothing for a backend and nothing watched: Redis answers at once, and so can the proxy.
  if (remote.length === 0 && pinned === null) return answerLocally(session, tx.queued, null, caller);
  const active = session.ctx.holder.current;
  if (active === null || caller === null) return fail(errorReply(active === null ? 'NO_CONFIG' : 'NOAUTH'));
  const cfg = active.compiled;
  const route = remote.length === 0 ? null : commonRoute(cfg, caller, remote);
  if (Buffer.isBuffer(route)) return fail(route);
  const slot = session.reserve();
  const commands = remote.map((q) => q.command);
  if (pinned !== null && route !== null && pinned.instance !== route.targets[0]) {
    pinned.conn.close();
    return session.fillWhole(slot, errorReply('CROSSSLOT'));
  }
  // The batch counts against the in-flight bound while it is at the backend, like a command.
  const protections = session.ctx.guard.protections;
  protections.inFlight++;
  const writes = remote.some((q) => commandSpec(q.name)?.write === true);
  const released = (buf: Buffer, start: number, end: number): void => {
    protections.inFlight--;
    const timedOut = writes ? writeTimeoutReply(buf, start, end) : null;
    if (timedOut !== null) session.fillWhole(slot, timedOut);
    else if (remote.length !== tx.queued.length)
      answerLocally(session, tx.queued, Buffer.from(buf.subarray(start, end)), caller, slot);
    else if (pinned === null) session.fill(slot, buf, start, end);
    // The pinned connection closes next: keep a copy of the reply, not a view of its buffer.
    else session.fillWhole(slot, Buffer.from(buf.subarray(start, end)));
    pinned?.conn.close();
  };
  // Write-log mirrors (docs/MIRROR-MODES.md): EXEC's reply waits until its writes are logged.
  const done =
    writes && session.ctx.writeLog !== undefined ? session.ctx.writeLog.wrapBatch(cfg, remote, released) : released;
  // A watched key changed: an empty MULTI/EXEC on the WATCH connection answers nil, as in Redis.
  if (pinned !== null) return session.executor.upstream.transaction(cfg, pinned.instance, commands, done, pinned.conn);
  forwardTransaction(session.executor, cfg, route!, commands, done);
}

/**
 * EXEC's reply with the proxy's own answers (PING, ECHO, INFO, ...) in their queued places.
 * `backend` is the backend's EXEC reply for the other commands (null: there were none); an
 * error or nil (aborted by WATCH) from it is the whole reply.
 */
function answerLocally(
  session: ClientSession,
  queued: readonly QueuedCommand[],
  backend: Buffer | null,
  caller: CompiledCaller | null,
  slot = session.reserve(),
): void {
  const aborted = backend !== null && (backend[0] === 95 || (backend[0] === 42 && backend[1] === 45));
  const remote = backend === null ? [] : aborted ? null : arrayElements(backend);
  if (remote === null) return session.fillWhole(slot, backend!);
  let next = 0;
  const parts = queued.map((q) =>
    q.local === true
      ? (localAnswer(session, q.name, q.command.args(), caller) ?? resp.OK)
      : (remote![next++] ?? resp.nil(session.protocol)),
  );
  void Promise.all(parts).then(
    (replies) => session.fillWhole(slot, resp.array(replies)),
    () => session.fillWhole(slot, errorReply('INTERNAL')),
  );
}

/** The one route every queued command shares, or the error reply (CROSSSLOT, NO_KEY_TYPE, …). */
function commonRoute(cfg: CompiledConfig, caller: CompiledCaller, queued: readonly QueuedCommand[]): Route | Buffer {
  let route: Route | null = null;
  for (const q of queued) {
    const plan = planCommand(cfg, caller, commandSpec(q.name)!, q.command, true);
    if (plan.kind === 'reply') return plan.reply;
    if (plan.kind === 'split') return errorReply('CROSSSLOT');
    if (route === null) route = plan.route;
    else if (route.targets.join('\0') !== plan.route.targets.join('\0')) return errorReply('CROSSSLOT');
  }
  return route!;
}

/** WATCH on a connection pinned to the keys' instance; EXEC/DISCARD/UNWATCH release it. */
export function watch(session: ClientSession, cfg: CompiledConfig, caller: CompiledCaller, command: Command): void {
  if (session.tx !== null) return session.reply(errorReply('WATCH_IN_MULTI'));
  const plan = planCommand(cfg, caller, commandSpec('WATCH')!, command, true);
  if (plan.kind === 'reply') return session.reply(plan.reply);
  if (plan.kind === 'split') return session.reply(errorReply('CROSSSLOT'));
  const instance = plan.route.targets[0]!;
  if (session.watch !== null && session.watch.instance !== instance) return session.reply(errorReply('CROSSSLOT'));
  const conn = session.watch?.conn ?? session.executor.upstream.dedicated(cfg, instance);
  if (conn === null) return session.reply(errorReply('WATCH_UNSUPPORTED'));
  if (conn === 'limit') {
    session.ctx.stats.caps.note('watch_connections');
    return session.reply(errorReply('WATCH_LIMIT', session.ctx.settings.maxWatchConnections));
  }
  session.watch = { instance, conn };
  const slot = session.reserve();
  conn.sendRange(command.buf, command.start, command.end, (buf, start, end, failure) => {
    if (buf !== null) session.fill(slot, buf, start, end);
    else session.fillWhole(slot, errorReply('BACKEND_DOWN', instance, failure ?? 'no reply'));
  });
}
