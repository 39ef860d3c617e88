/** Runs redis-benchmark with --csv and parses its rows; optionally, the CPU each process spent. */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TICK_US = 1e6 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

export interface BenchRow {
  target: string;
  test: string;
  pipeline: number;
  rps: number;
  p50: number;
  p99: number;
  /** rps of every round, when the row is a median. */
  rounds?: number[];
  /**
   * CPU microseconds per request (user + system) of the benchmark client and of each watched
   * process, averaged over the whole run (all its tests). Unlike rps, this barely depends on
   * what else the box runs, so it shows where a 2-core box's CPU goes.
   */
  cpuUsPerRequest?: Record<string, number>;
  /**
   * The user-space part of each watched process's figure above (the rest is the kernel's: at
   * -P 1 mostly loopback TCP and waking the process at the other end).
   */
  cpuUserUsPerRequest?: Record<string, number>;
}

export interface BenchOptions {
  port: number;
  clients: number;
  requests: number;
  pipeline: number;
  tests: string[];
  extraArgs?: string[];
  /** Processes whose CPU time is measured around the run, by name (e.g. redis, proxy). */
  watch?: Record<string, number>;
  /** A taskset CPU list to run redis-benchmark on (bench/lib/cpu-pin.ts). */
  cpus?: string;
}

export async function runRedisBenchmark(o: BenchOptions): Promise<BenchRow[]> {
  const args = [
    '-h',
    '127.0.0.1',
    '-p',
    String(o.port),
    '-c',
    String(o.clients),
    '-n',
    String(o.requests),
    '-P',
    String(o.pipeline),
    '-t',
    o.tests.join(','),
    '--csv',
    ...(o.extraArgs ?? []),
  ];
  const watched = Object.entries(o.watch ?? {});
  const before = watched.map(([, pid]) => processCpu(pid));
  // bash's `times` prints the CPU its children (redis-benchmark) used: the client's own cost.
  const client = o.cpus === undefined ? ['redis-benchmark'] : ['taskset', '-c', o.cpus, 'redis-benchmark'];
  const { stdout } = await run('bash', ['-c', '"$@" && times', 'bench', ...client, ...args], {
    timeout: 300_000,
    maxBuffer: 1 << 20,
  });
  const requests = o.requests * o.tests.length;
  const cpu: Record<string, number> = { client: round2((childCpuSeconds(stdout) * 1e6) / requests) };
  const user: Record<string, number> = {};
  watched.forEach(([name, pid], i) => {
    const after = processCpu(pid);
    cpu[name] = round2((after.user + after.system - before[i]!.user - before[i]!.system) / requests);
    user[name] = round2((after.user - before[i]!.user) / requests);
  });
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('"'));
  const header = parseCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    const col = (name: string): number => Number(cells[header.indexOf(name)]);
    return {
      target: '',
      test: cells[0] ?? '?',
      pipeline: o.pipeline,
      rps: col('rps'),
      p50: col('p50_latency_ms'),
      p99: col('p99_latency_ms'),
      cpuUsPerRequest: cpu,
      cpuUserUsPerRequest: user,
    };
  });
}

/**
 * Unmeasured load through each target first (50k requests, -c 50 -P 4), so that a proxy's JIT
 * has settled as a long-running worker's would have.
 */
export async function warmUp(
  targets: readonly { port: number; auth?: string[] }[],
  tests: string[],
  cpus?: string,
): Promise<void> {
  for (const t of targets)
    await runRedisBenchmark({
      port: t.port,
      clients: 50,
      requests: 50_000,
      pipeline: 4,
      tests,
      extraArgs: t.auth ?? [],
      ...(cpus === undefined ? {} : { cpus }),
    });
}

/**
 * CPU microseconds a live process has used in user space and in the kernel, with its
 * children's: a proxy run with PROXY_PROCESSES > 1 serves from node:cluster workers
 * (/proc/<pid>/stat fields 14, 15).
 */
function processCpu(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const total = { user: Number(fields[11]) * TICK_US, system: Number(fields[12]) * TICK_US };
  for (const child of readChildren(pid)) {
    try {
      const c = processCpu(child);
      total.user += c.user;
      total.system += c.system;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

function readChildren(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The second line of bash `times`: children's user and system time, e.g. `0m1.234s 0m0.567s`. */
function childCpuSeconds(stdout: string): number {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function parseCsvLine(line: string): string[] {
  return line.split(',').map((c) => c.replace(/^"|"$/g, ''));
}
