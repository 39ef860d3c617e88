/**
 * INFO's blocked_clients: the worker's clients whose blocking command the instance has actually
 * blocked, not merely been sent. A client counts from the moment Redis itself would count it, so
 * a test (or an operator script) that waits for blocked_clients and then changes the keys acts
 * on a registered block, as against Redis, and never races the command still in flight. Each
 * instance with blocked clients is asked once, on the admin link, with CLIENT LIST ID; a client
 * counts when its backend connection carries Redis's `b` (blocked) flag. (A client Redis has
 * postponed during CLIENT PAUSE carries `b` too, and is counted: Redis 7.0 leaves it out.)
 */
import type { TInstance } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import type { ProxyContext } from '../session/context.ts';
import { within } from '../upstream/admin-link.ts';

/**
 * Backend client ids of the blocked commands, per server address. A command whose CLIENT ID
 * (pipelined right before it) is still unanswered is waited for: the worker received it before
 * this INFO, as Redis would have processed a command it received before INFO.
 */
async function byServer(ctx: ProxyContext): Promise<Map<string, { server: TInstance; ids: number[] }>> {
  const out = new Map<string, { server: TInstance; ids: number[] }>();
  const wait = ctx.settings.infoInstanceWaitMs;
  const all = await Promise.all([...ctx.blocking.blocked.values()].map((b) => within(b.backend(), wait)));
  for (const at of all) {
    if (at === null) continue;
    const a = at.server.addresses[0]!;
    const key = `${a.host}:${a.port}`;
    const entry = out.get(key) ?? { server: at.server, ids: [] };
    entry.ids.push(at.id);
    out.set(key, entry);
  }
  return out;
}

/** Lines of a CLIENT LIST reply whose flags include `b`. */
export function blockedInClientList(text: string): number {
  let n = 0;
  for (const line of text.split('\n')) {
    const flags = / flags=(\S*)/.exec(line)?.[1];
    if (flags?.includes('b') === true) n++;
  }
  return n;
}

/** How many of this worker's blocked clients the instances have blocked; an instance that does not answer in time counts 0. */
export async function blockedOnInstances(ctx: ProxyContext): Promise<number> {
  if (ctx.blocking.blocked.size === 0) return 0;
  const counts = await Promise.all(
    [...(await byServer(ctx)).values()].map(({ server, ids }) =>
      ctx.admin
        .ask(server, resp.command(['CLIENT', 'LIST', 'ID', ...ids.map(String)]), ctx.settings.infoInstanceWaitMs)
        .then((text) => (text === null ? 0 : blockedInClientList(text))),
    ),
  );
  return counts.reduce((a, b) => a + b, 0);
}
