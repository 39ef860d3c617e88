/**
 * BENCH_PIN=1: the proxy under test runs alone on the box's last CPU, and redis-server and the
 * load generator on the others, for Switchyard and twemproxy alike. Unpinned, on 2 cores, the
 * same proxy's CPU per -P 1 request moved between 7.2 and 12.5 µs from one 100k-request run to
 * the next (where the scheduler put the three busy processes, and whether a wake-up crossed
 * CPUs); pinned, between 9.7 and 10.2 (24 runs). It is a second view, not a replacement: a
 * deployed proxy is not pinned.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { z } from 'zod';

export interface CpuPlan {
  /** taskset CPU lists: the proxy's, and everything else's. */
  proxy: string;
  rest: string;
}

export function cpuPlan(env: NodeJS.ProcessEnv = process.env): CpuPlan | null {
  if (z.enum(['0', '1']).default('0').parse(env.BENCH_PIN) === '0') return null;
  const n = os.availableParallelism();
  if (n < 2) throw new Error('BENCH_PIN=1 needs at least 2 CPUs');
  return { proxy: String(n - 1), rest: n === 2 ? '0' : `0-${n - 2}` };
}

/** Pins every thread of a running process; threads it starts later inherit the mask. */
export function pinProcess(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}
