/**
 * The per-command pipeline, and only its order: auth gate → subscribe-mode gate → MULTI queue
 * → local commands → admission → caps → protections → registry commands → routing plan →
 * cache (invalidate a write, or serve a read) → send. Each command captures the active config
 * once, here, and uses that object until its reply. Every step lives in its own module.
 */
import type { CompiledConfig } from '@switchyard/core';
import { invalidateQueued, invalidateWrite } from '../cache/write-invalidation.ts';
import { guardWindows, sendWithStaleFillGuard } from '../cache/stale-fill-guard.ts';
import { sendWithShadow, shadowMigrations } from './shadowed-reads.ts';
import { COMMAND_REGISTRY, runLocal, type RegistryEntry } from '../commands/registry.ts';
import { errorReply } from '../errors.ts';
import { checkCaps } from '../protections/caps.ts';
import { checkProtections, noteBigRequest } from '../protections/protections.ts';
import { subscribeModeGate } from '../pubsub/subscribe-mode.ts';
import type { Command } from '../resp/command.ts';
import { commandSpec, SCRIPT_COMMANDS, type CommandSpec } from '../routing/command-table.ts';
import { planCommand } from '../routing/plan.ts';
import type { ClientSession } from '../session/port.ts';
import { scopeOf } from '../upstream/caller-users.ts';
import { guardedSend, type ReplyFilter } from '../upstream/send.ts';
import { admit, authGate, callerOf } from './admission.ts';
import { serveCached } from './cached-reads.ts';
import { queueInTransaction } from './multi-queue.ts';

/** Everything dispatch needs to know about a command name, found with one map lookup. */
interface CommandInfo {
  name: string;
  spec: CommandSpec | undefined;
  /** The worker runs it itself (commands/registry.ts); null for commands forwarded as they are. */
  entry: RegistryEntry | null;
  /** Runs caller code (SCRIPT_COMMANDS): watched by the script budget. */
  script: boolean;
}

const infoCache = new Map<string, CommandInfo>();
/** The previous command's name bytes (as sent) and info: a pipeline mostly repeats one command. */
let lastName: Buffer = Buffer.alloc(0);
let lastInfo: CommandInfo | null = null;

function sameName(command: Command): boolean {
  const buf = command.buf;
  const start = command.offsets[0]!;
  const len = command.offsets[1]! - start;
  if (len !== lastName.length) return false;
  for (let i = 0; i < len; i++) if (buf[start + i] !== lastName[i]) return false;
  return true;
}

function commandInfo(command: Command): CommandInfo {
  if (lastInfo !== null && sameName(command)) return lastInfo;
  const raw = command.latin1(0);
  let info = infoCache.get(raw);
  if (info === undefined) {
    const name = raw.toUpperCase();
    info = {
      name,
      spec: commandSpec(name),
      entry: COMMAND_REGISTRY.get(name) ?? null,
      script: SCRIPT_COMMANDS.has(name),
    };
    // Bounded: a client sending random command names must not grow it.
    if (infoCache.size < 2000) infoCache.set(raw, info);
  }
  // Only short names are remembered as bytes (command names are; a huge garbage name is not).
  if (raw.length <= 32) {
    lastName = Buffer.from(raw, 'latin1');
    lastInfo = info;
  }
  return info;
}

export function dispatch(session: ClientSession, command: Command): void {
  const ctx = session.ctx;
  ctx.stats.commandsProcessed++;
  const info = commandInfo(command);
  const name = info.name;
  const entry = info.entry;
  session.lastCommand = name;
  const active = ctx.holder.current;
  const unauthenticated = authGate(session, name);
  if (unauthenticated !== null) return session.reply(unauthenticated);
  // RESP2 subscribe mode allows only the (un)subscribes, PING, QUIT and RESET, as Redis does.
  if (session.pubsub !== null && subscribeModeGate(session, name, command)) return;
  const local = entry?.stage === 'local';
  if (
    session.tx !== null &&
    name !== 'EXEC' &&
    name !== 'DISCARD' &&
    name !== 'MULTI' &&
    name !== 'WATCH' &&
    name !== 'QUIT' &&
    name !== 'RESET'
  ) {
    return queueInTransaction(session, name, info.spec, command, local);
  }
  if (name === 'EXEC' && session.tx !== null && active !== null)
    invalidateQueued(ctx.guard, active.compiled, session.tx.queued);
  if (local) return runLocal(session, name, entry.run, command.args(), callerOf(session));
  if (active === null) return session.reply(errorReply('NO_CONFIG'));
  const caller = callerOf(session);
  if (caller === null) return session.reply(errorReply('NOAUTH'));
  if (entry?.stage === 'intercept' && entry.run(session, command)) return;
  const refusal = admit(caller, name, info.spec, command);
  if (refusal !== null) return session.reply(refusal);
  const spec = info.spec!; // admit refused unknown commands
  const capped = checkCaps(ctx.settings.caps, ctx.stats.caps, spec, command);
  if (capped !== null) return session.reply(capped);
  const cfg = active.compiled;
  const guard = ctx.guard;
  const protection = checkProtections(guard.protections, cfg, caller, spec, command);
  if (protection !== null) return session.reply(protection);
  if (entry?.stage === 'admitted') return entry.run(session, cfg, caller, spec, command);
  const plan = planCommand(cfg, caller, spec, command, false, ctx.settings.region);
  if (plan.kind === 'reply') return session.reply(plan.reply);
  if (command.end - command.start > guard.bigKeys.requestBytes) noteBigRequest(guard.bigKeys, name, plan, command);
  // Seed 003's stale-fill guard, only when some key type has one (one map size check otherwise).
  if (
    spec.write &&
    guardWindows(cfg).size > 0 &&
    sendWithStaleFillGuard(session, cfg, caller.name, name, spec, plan, command)
  )
    return;
  // DESIGN §8 local cache: writes invalidate, cached reads may be answered here; a gray-read
  // migration may shadow-compare a sampled read (seed 001 §8.3.4.3).
  let filter: ReplyFilter | null = null;
  if (spec.write) filter = invalidateWrite(guard, cfg, spec, plan, command);
  else if (shadowMigrations(cfg).size > 0 && sendWithShadow(session, cfg, caller, spec, plan, command)) return;
  else if (serveCached(session, cfg, caller, spec, plan, command)) return;
  if (info.script && plan.kind === 'forward') {
    filter = watchScript(session, cfg, caller.name, name, plan.route.targets[0]!, filter);
    return guardedSend(session, cfg, caller.name, spec, plan, command, filter, scopeOf(cfg, caller));
  }
  guardedSend(session, cfg, caller.name, spec, plan, command, filter);
}

/** Runs the script under the worker's budget (protections/script-budget.ts); its reply ends the watch. */
function watchScript(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: string,
  name: string,
  instance: string,
  inner: ReplyFilter | null,
): ReplyFilter {
  const done = session.ctx.scripts.watch(cfg, instance, caller, name);
  return (buf, start, end) => {
    done();
    return inner === null ? null : inner(buf, start, end);
  };
}
