/**
 * Sends a planned command to its backend(s) with the per-request bookkeeping: the in-flight
 * bound, the request series (outcome + latency), hot-key sampling and big-reply detection.
 * `filter` may replace the reply (cache fills, stale serves, MGET reassembly).
 */
import { performance } from 'node:perf_hooks';
import type { CompiledConfig } from '@switchyard/core';
import type { Command } from '../resp/command.ts';
import type { Plan } from '../routing/plan.ts';
import type { ClientSession, Slot } from '../session/port.ts';
import type { CallerScope } from './caller-users.ts';
import { forward, split } from './execute.ts';
import type { Series } from '../telemetry/request-metrics.ts';
import type { Guard } from '../worker-state.ts';
import type { CommandSpec } from '../routing/command-table.ts';
import { writeTimeoutReply } from './write-timeout.ts';

const LATENCY_SAMPLE_EVERY = 4;

export type SendPlan = Exclude<Plan, { kind: 'reply' }>;
/** Sees the reply first; returns a replacement reply, or null to pass the backend's on. */
export type ReplyFilter = (buf: Buffer, start: number, end: number) => Buffer | null;

/**
 * `spec`: the command's table entry, as its caller looked it up (names the series, says whether
 * it writes). `scope`: a contained caller's script, sent as its own backend ACL user
 * (upstream/caller-users.ts).
 */
export function guardedSend(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: string,
  spec: CommandSpec,
  plan: SendPlan,
  command: Command,
  filter: ReplyFilter | null,
  scope: CallerScope | null = null,
): void {
  const g = session.ctx.guard;
  const name = spec.name;
  let series: Series;
  let key = '';
  if (plan.kind === 'forward') {
    key = plan.key;
    series = g.metrics.series(caller, name, plan.route.targets[0]!);
    g.hotKeys.see(key);
  } else {
    series = g.metrics.series(caller, name, 'multi');
  }
  const slot = session.reserve();
  g.protections.inFlight++;
  // Latency is timed on one request in LATENCY_SAMPLE_EVERY: a clock read costs ~100 ns.
  const t0 = ++g.latencyTick % LATENCY_SAMPLE_EVERY === 0 ? performance.now() : -1;
  // Callbacks are passed inline: a named closure per command would cost tsx's __name wrapper.
  // Write-log mirrors (docs/MIRROR-MODES.md): the reply waits until the write is logged.
  // Reads never reach the write-log recorder (migration/).
  const writeLog = session.ctx.writeLog;
  if (
    spec.write &&
    writeLog !== undefined &&
    writeLog.mayLog(cfg, spec, plan.kind === 'forward' ? plan.decision : null)
  ) {
    const logged = writeLog.wrap(cfg, name, command, (buf, start, end) =>
      finish(session, slot, g, series, t0, key, spec, filter, buf, start, end),
    );
    if (plan.kind === 'forward') return forward(session.executor, cfg, plan.route, command, logged, scope);
    return split(session.executor, cfg, plan.mode, plan.groups, command, plan.keyIndices, logged);
  }
  if (plan.kind === 'forward')
    forward(
      session.executor,
      cfg,
      plan.route,
      command,
      (buf, start, end) => finish(session, slot, g, series, t0, key, spec, filter, buf, start, end),
      scope,
    );
  else
    split(session.executor, cfg, plan.mode, plan.groups, command, plan.keyIndices, (buf, start, end) =>
      finish(session, slot, g, series, t0, key, spec, filter, buf, start, end),
    );
}

function finish(
  session: ClientSession,
  slot: Slot,
  g: Guard,
  series: Series,
  t0: number,
  key: string,
  spec: CommandSpec,
  filter: ReplyFilter | null,
  buf: Buffer,
  start: number,
  end: number,
): void {
  g.protections.inFlight--;
  g.metrics.observe(series, t0 < 0 ? -1 : performance.now() - t0, buf, start, end);
  if (end - start > g.bigKeys.replyBytes) g.bigKeys.record(key, end - start, spec.name, 'reply');
  if (buf[start] === 45 && spec.write) {
    const timedOut = writeTimeoutReply(buf, start, end);
    if (timedOut !== null) return session.fill(slot, timedOut, 0, timedOut.length);
  }
  if (filter !== null) {
    const replaced = filter(buf, start, end);
    if (replaced !== null) return session.fill(slot, replaced, 0, replaced.length);
  }
  session.fill(slot, buf, start, end);
}
