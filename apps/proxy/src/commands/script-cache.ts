/**
 * `SCRIPT LOAD <body>` and `SCRIPT EXISTS <sha>...` (issue 14). A caller's EVALSHA may route to
 * any instance its keys land on, today or after a failover or migration, so the script cache is
 * treated as one: LOAD goes to every instance that may run scripts (those with a managed data
 * user) and EXISTS answers 1 only for a script loaded on all of them.
 */
import type { CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import type { Command } from '../resp/command.ts';
import type { ClientSession } from '../session/port.ts';
import { combineExists, combineLoad } from '../upstream/script-replies.ts';

/** Instances where scripts may run: the ones whose backend enforces the managed user's ACL. */
function scriptInstances(cfg: CompiledConfig): string[] {
  const out: string[] = [];
  for (const i of cfg.instances.values()) if (i.dataUser !== undefined) out.push(i.name);
  return out;
}

export function runScriptCommand(session: ClientSession, cfg: CompiledConfig, command: Command): void {
  const targets = scriptInstances(cfg);
  const first = cfg.instances.keys().next();
  if (targets.length === 0) return session.reply(errorReply('NO_DATA_USER', first.done === true ? '*' : first.value));
  const load = command.latin1(1).toUpperCase() === 'LOAD';
  const slot = session.reserve();
  const replies: Buffer[] = [];
  let left = targets.length;
  targets.forEach((name, i) => {
    session.ctx.upstream.send(cfg, name, command, false, (buf, start, end) => {
      // The bytes may sit in a reused receive buffer: keep a copy until every instance answered.
      replies[i] = Buffer.from(buf.subarray(start, end));
      if (--left === 0) session.fillWhole(slot, load ? combineLoad(replies) : combineExists(replies));
    });
  });
}
