/** Runs redis-benchmark with --csv and parses its rows. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BenchRow {
  target: string;
  test: string;
  pipeline: number;
  rps: number;
  p50: number;
  p99: number;
  /** rps of every round, when the row is a median. */
  rounds?: number[];
}

export interface BenchOptions {
  port: number;
  clients: number;
  requests: number;
  pipeline: number;
  tests: string[];
  extraArgs?: string[];
}

export async function runRedisBenchmark(o: BenchOptions): Promise<BenchRow[]> {
  const args = ['-h', '127.0.0.1', '-p', String(o.port), '-c', String(o.clients), '-n', String(o.requests), '-P', String(o.pipeline), '-t', o.tests.join(','), '--csv', ...(o.extraArgs ?? [])];
  const { stdout } = await run('redis-benchmark', args, { timeout: 300_000, maxBuffer: 1 << 20 });
  const lines = stdout.trim().split('\n').filter((l) => l.startsWith('"'));
  const header = parseCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    const col = (name: string): number => Number(cells[header.indexOf(name)]);
    return { target: '', test: cells[0] ?? '?', pipeline: o.pipeline, rps: col('rps'), p50: col('p50_latency_ms'), p99: col('p99_latency_ms') };
  });
}

function parseCsvLine(line: string): string[] {
  return line.split(',').map((c) => c.replace(/^"|"$/g, ''));
}
