/**
 * Seed 003's stale-fill guard for cache key types: after a DEL through the proxy, a SET of the
 * same key within the key type's `staleFillGuardMs` is refused, so a reader holding a value
 * read before the delete cannot write it back; the application's next read refills it.
 *
 * The guard must hold across worker processes and proxies, so it lives on the backend, next
 * to the key: a marker key `sy:sfg:…` in the same hash slot (co-located on a Cluster too).
 * - A single-key DEL/UNLINK/GETDEL runs as one script that sets the marker (PX window) and
 *   deletes, atomically. A multi-key DEL sets each guarded key's marker first, on the same
 *   instances, then deletes as usual.
 * - SET/SETEX/PSETEX/SETNX/GETSET of a guarded key runs as one script that refuses while the
 *   marker lives and otherwise runs the original command: check and write are atomic, so no
 *   other worker's DEL can slip between them.
 * Not guarded (docs/SEED-003.md): MSET/MSETNX, writes queued in MULTI, and writes inside a
 * caller's own scripts.
 */
import { perConfig } from '../routing/per-config.ts';
import type { CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import type { ReplyFilter, SendPlan } from '../upstream/send.ts';
import { guardedSend } from '../upstream/send.ts';
import { Command } from '../resp/command.ts';
import { keyIndices, type CommandSpec } from '../routing/command-table.ts';
import { decide } from '../routing/plan.ts';
import type { ClientSession } from '../session/port.ts';
import { invalidateWrite } from './write-invalidation.ts';

const DELETES = new Set(['DEL', 'UNLINK', 'GETDEL']);
const FILLS = new Set(['SET', 'SETEX', 'PSETEX', 'SETNX', 'GETSET']);

/** KEYS[1] the key, KEYS[2] its marker; ARGV[1] the window in ms, ARGV[2] the delete command. */
const DELETE_SCRIPT = "redis.call('SET', KEYS[2], '1', 'PX', ARGV[1]) return redis.pcall(ARGV[2], KEYS[1])";
/** KEYS[1] the key, KEYS[2] its marker; ARGV the original command. The refusal carries the ms left. */
const FILL_SCRIPT =
  "local left = redis.call('PTTL', KEYS[2]) if left ~= -2 then return redis.error_reply('SYSFGUARD ' .. left) end " +
  'return redis.pcall(ARGV[1], KEYS[1], unpack(ARGV, 2))';
const REFUSAL = Buffer.from('-SYSFGUARD ');

const EMPTY: ReadonlyMap<string, number> = new Map();
/** Guard windows by key-type name, per config object; empty when no key type has one. */
export const guardWindows = perConfig((cfg): ReadonlyMap<string, number> => {
  const guarded = cfg.snapshot.keyTypes.filter((kt) => kt.staleFillGuardMs !== undefined);
  return guarded.length === 0 ? EMPTY : new Map(guarded.map((kt) => [kt.name, kt.staleFillGuardMs!]));
});

/**
 * The marker shares the key's hash slot: a key with a hash tag keeps it behind the prefix,
 * any other key becomes the marker's tag. (A key with a '}' but no tag does not co-locate on
 * a Cluster; its guarded writes then fail with CROSSSLOT rather than go unguarded.)
 */
function markerKey(key: string): string {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return `sy:sfg:${key}`;
  }
  return `sy:sfg:{${key}}`;
}

/**
 * Sends a guarded write and returns true, or returns false (nothing sent) when the command
 * is not one the guard handles or names no guarded key. Called only when `guardWindows(cfg)`
 * is not empty, so configs without guards pay one map size check.
 */
export function sendWithStaleFillGuard(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: string,
  name: string,
  spec: CommandSpec,
  plan: SendPlan,
  command: Command,
): boolean {
  const w = guardWindows(cfg);
  const isDelete = DELETES.has(name);
  if (!isDelete && !FILLS.has(name)) return false;
  // A single-key command: the script form. (A multi-key DEL on one instance takes the marker path.)
  if (plan.kind === 'forward' && (!isDelete || command.argc === 2)) {
    const ms = w.get(plan.decision.keyType);
    if (ms === undefined) return false;
    const key = plan.key;
    const args = command.args();
    const script = isDelete
      ? Command.fromArgs(['EVAL', DELETE_SCRIPT, '2', args[1]!, markerKey(key), String(ms), name])
      : Command.fromArgs(['EVAL', FILL_SCRIPT, '2', args[1]!, markerKey(key), name, ...args.slice(2)]);
    const invalidate = invalidateWrite(session.ctx.guard, cfg, spec, plan, command);
    guardedSend(session, cfg, caller, spec, plan, script, refusalFilter(key, ms, invalidate));
    return true;
  }
  if (!isDelete) return false;
  // A multi-key DEL split across instances: markers first, on every write target of each guarded key.
  let marked = false;
  for (const at of keyIndices(spec, command) ?? []) {
    const key = command.text(at);
    const routing = decide(cfg, key);
    if (Buffer.isBuffer(routing)) continue;
    const ms = w.get(routing.decision.keyType);
    if (ms === undefined) continue;
    const mark = Command.fromArgs(['SET', markerKey(key), '1', 'PX', String(ms)]);
    for (const target of routing.write.targets) session.ctx.upstream.send(cfg, target, mark, false, ignoreReply);
    marked = true;
  }
  if (!marked) return false;
  guardedSend(session, cfg, caller, spec, plan, command, invalidateWrite(session.ctx.guard, cfg, spec, plan, command));
  return true;
}

const ignoreReply = (): void => undefined;

/** Turns the script's refusal into the catalog error; any other reply passes (after cache invalidation). */
function refusalFilter(key: string, ms: number, inner: ReplyFilter | null): ReplyFilter {
  return (buf, start, end) => {
    const replaced = inner === null ? null : inner(buf, start, end);
    if (
      buf[start] !== 45 ||
      end - start < REFUSAL.length ||
      buf.compare(REFUSAL, 0, REFUSAL.length, start, start + REFUSAL.length) !== 0
    )
      return replaced;
    const left = Number(buf.toString('latin1', start + REFUSAL.length, end).trim());
    return errorReply('STALE_FILL_GUARD', key, ms, Number.isFinite(left) ? left : ms);
  };
}
