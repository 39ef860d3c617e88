/** "Every component in stack.json answers": the check behind `up`'s reuse and its tests. */
import { redisCommand } from '../harness/redis.ts';
import { isAlive } from './processes.ts';
import type { TProcessEntry, TStackFile } from './state.ts';

/** A busy 2-core box can take seconds to answer; a slow answer is still an answer. */
const TIMEOUT_MS = 5000;

export interface Problem {
  component: string;
  problem: string;
}

export async function checkStack(stack: TStackFile, processes: readonly TProcessEntry[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const entry of processes) {
    if (!isAlive(entry.pid)) problems.push({ component: entry.name, problem: `pid ${entry.pid} is not running` });
  }
  await Promise.all([
    ...stack.redis.map(async (r) => {
      const reply = await redisCommand(r.port, '127.0.0.1', ['PING'], TIMEOUT_MS).catch((e: Error) => e.message);
      if (!reply.startsWith('+PONG')) problems.push({ component: `redis ${r.name}`, problem: reply.trim() });
    }),
    ...stack.proxies.map(async (p) => {
      // NOAUTH is the right answer from a proxy to an unauthenticated PING.
      const reply = await redisCommand(p.port, '127.0.0.1', ['PING'], TIMEOUT_MS).catch((e: Error) => e.message);
      if (!reply.startsWith('+PONG') && !reply.startsWith('-NOAUTH'))
        problems.push({ component: `proxy ${p.name}`, problem: reply.trim() });
    }),
    (async () => {
      const res = await fetch(new URL('/login', stack.console.url), {
        signal: AbortSignal.timeout(TIMEOUT_MS * 2),
      }).catch((e: Error) => e);
      if (res instanceof Error || !res.ok) {
        problems.push({ component: 'console', problem: res instanceof Error ? res.message : `HTTP ${res.status}` });
      }
    })(),
  ]);
  return problems;
}
