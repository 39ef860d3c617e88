/**
 * MULTI/EXEC and WATCH. Commands are queued here, client-side; EXEC routes them all against
 * one config and sends MULTI … EXEC to the single instance they share, or answers CROSSSLOT.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { commandSpec, type CommandSpec } from '../routing/command-table.ts';
import { planCommand, type Route } from '../routing/plan.ts';
import { forwardTransaction } from '../upstream/execute.ts';
import type { ClientSession } from './client-session.ts';
import { admit, callerOf } from './dispatch.ts';

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

export function unwatch(session: ClientSession): void {
  session.watch?.conn.close();
  session.watch = null;
}

/** Validates now (as Redis does at queue time); a refused command makes EXEC abort. */
export function queueInTransaction(session: ClientSession, name: string, spec: CommandSpec | undefined, command: Command): void {
  const tx = session.tx!;
  const caller = callerOf(session);
  const refusal = caller === null ? errorReply('NOAUTH') : admit(caller, name, spec, command);
  if (refusal !== null) {
    tx.dirty = true;
    return session.reply(refusal);
  }
  // The command's bytes stay valid: received buffers are never reused by the decoder.
  tx.queued.push({ name, command });
  session.reply(resp.QUEUED);
}

export function exec(session: ClientSession): void {
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
  if (tx.queued.length === 0) return fail(resp.EMPTY_ARRAY);
  const active = session.ctx.holder.current;
  const caller = callerOf(session);
  if (active === null || caller === null) return fail(errorReply(active === null ? 'NO_CONFIG' : 'NOAUTH'));
  const cfg = active.compiled;
  const route = commonRoute(cfg, caller, tx.queued);
  if (Buffer.isBuffer(route)) return fail(route);
  const slot = session.reserve();
  const commands = tx.queued.map((q) => q.command);
  if (pinned !== null) {
    if (pinned.instance !== route.targets[0]) {
      pinned.conn.close();
      return session.fillWhole(slot, errorReply('CROSSSLOT'));
    }
    return session.ctx.upstream.transaction(cfg, pinned.instance, commands, (buf, start, end) => {
      session.fill(slot, Buffer.from(buf.subarray(start, end)), 0, end - start);
      pinned.conn.close();
    }, pinned.conn);
  }
  forwardTransaction(session.ctx, cfg, route, commands, (buf, start, end) => session.fill(slot, buf, start, end));
}

/** The one route every queued command shares, or the error reply (CROSSSLOT, NO_KEY_TYPE, …). */
function commonRoute(cfg: CompiledConfig, caller: CompiledCaller, queued: readonly { name: string; command: Command }[]): Route | Buffer {
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
  const conn = session.watch?.conn ?? session.ctx.upstream.dedicated(cfg, instance);
  if (conn === null) return session.reply(errorReply('WATCH_UNSUPPORTED'));
  session.watch = { instance, conn };
  const slot = session.reserve();
  conn.sendRange(command.buf, command.start, command.end, (buf, start, end, failure) => {
    if (buf !== null) session.fill(slot, buf, start, end);
    else session.fillWhole(slot, errorReply('BACKEND_DOWN', instance, failure ?? 'no reply'));
  });
}
