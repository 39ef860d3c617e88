/**
 * Shadow-read compare during gray read (seed 001 §8.3.4.3): a sampled share of reads of keys
 * under a GRAY_READ migration (the migration's `shadowReadRate`) is also read from the other
 * side; the client gets the routed side's answer, and both replies feed the migration
 * engine's shadow counters (migration/shadow-counters.ts), per migration and key type. A read
 * step like cached-reads.ts: dispatch asks it before the cache.
 *
 * Only single-key reads whose reply does not depend on the instance's internal order are
 * compared (GET, HGET, ...; not HGETALL or SMEMBERS), and only key types the local cache
 * does not serve (a cached reply would compare the cache, not the side).
 */
import { perConfig } from '../routing/per-config.ts';
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import type { CommandSpec } from '../routing/command-table.ts';
import { guardedSend, type SendPlan } from '../upstream/send.ts';
import type { Command } from '../resp/command.ts';
import type { ClientSession } from '../session/port.ts';

const COMPARED_COMMANDS = new Set([
  'GET',
  'GETRANGE',
  'STRLEN',
  'EXISTS',
  'TYPE',
  'HGET',
  'HMGET',
  'HLEN',
  'HEXISTS',
  'LINDEX',
  'LLEN',
  'LRANGE',
  'SCARD',
  'SISMEMBER',
  'ZSCORE',
  'ZCARD',
  'ZRANGE',
]);

interface ShadowMigration {
  readonly rate: number;
  readonly from: string;
  readonly to: string;
}

const NONE: ReadonlyMap<string, ShadowMigration> = new Map();

/** GRAY_READ migrations with a shadow rate, by id; empty (one size check per read) otherwise. */
export const shadowMigrations = perConfig((cfg): ReadonlyMap<string, ShadowMigration> => {
  const list = cfg.snapshot.migrations.filter((x) => x.phase === 'GRAY_READ' && (x.shadowReadRate ?? 0) > 0);
  return list.length === 0
    ? NONE
    : new Map(list.map((x) => [x.id, { rate: x.shadowReadRate!, from: x.from, to: x.to }]));
});

/**
 * Sends a sampled gray-read with its shadow and returns true; false (nothing sent) when the
 * read is not under a shadowed migration, not sampled, or not a compared command.
 */
export function sendWithShadow(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  spec: CommandSpec,
  plan: SendPlan,
  command: Command,
): boolean {
  if (plan.kind !== 'forward' || plan.decision.migration === null || plan.decision.cacheTier !== 'none') return false;
  const m = shadowMigrations(cfg).get(plan.decision.migration);
  if (m === undefined || !COMPARED_COMMANDS.has(spec.name) || Math.random() >= m.rate) return false;
  const routed = plan.route.targets[0]!;
  const other = routed === m.to ? m.from : m.to;
  const { migration, keyType } = { migration: plan.decision.migration, keyType: plan.decision.keyType };
  let routedReply: Buffer | null = null;
  let otherReply: Buffer | null = null;
  const settle = (): void => {
    if (routedReply === null || otherReply === null) return;
    // A backend error on either side says nothing about the data: not compared.
    if (routedReply[0] === 0x2d || otherReply[0] === 0x2d) return;
    const [oldReply, newReply] = routed === m.from ? [routedReply, otherReply] : [otherReply, routedReply];
    session.ctx.guard.shadow.record(migration, keyType, oldReply, newReply);
  };
  session.ctx.upstream.send(cfg, other, command, false, (buf, start, end) => {
    otherReply = Buffer.from(buf.subarray(start, end));
    settle();
  });
  guardedSend(session, cfg, caller.name, spec, plan, command, (buf, start, end) => {
    routedReply = Buffer.from(buf.subarray(start, end));
    settle();
    return null;
  });
  return true;
}
