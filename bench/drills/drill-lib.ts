/** Shared bits of the resilience drills: percentiles, result files, a failing-expectation list. */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function round(n: number | null, digits = 2): number | null {
  return n === null ? null : Number(n.toFixed(digits));
}

export function machine(): string {
  return `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os.loadavg()[0]!.toFixed(1)}`;
}

/** Behaviour expectations (never times): each failed one is printed and makes the exit code 1. */
export class Expectations {
  readonly failed: string[] = [];
  check(ok: boolean, what: string): void {
    if (!ok) this.failed.push(what);
  }
}

export async function report(
  name: string,
  figures: Record<string, unknown>,
  table: string[],
  expectations: Expectations,
): Promise<void> {
  const result = {
    drill: name,
    date: new Date().toISOString(),
    machine: machine(),
    ...figures,
    expectationsFailed: expectations.failed,
  };
  console.log(JSON.stringify(result));
  console.log(`\n${name}`);
  for (const line of table) console.log(`  ${line}`);
  await mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
  await writeFile(path.join(ROOT, `bench/results/drill-${name}.json`), JSON.stringify(result, null, 2) + '\n');
  if (expectations.failed.length > 0) {
    console.error(`\nFAILED expectations:\n${expectations.failed.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  }
}

/**
 * Every drill is a module exporting `run…(options): Promise<DrillResult>`, so the fast subset
 * runs in `npm test` (test/resilience/) with small options, and a CLI entry that reports the
 * full-scale run: `if (isMain(import.meta.url)) await runAsCli('name', () => runX(opts))`.
 */
export interface DrillResult {
  figures: Record<string, unknown>;
  table: string[];
  /** Behaviour expectations that failed (never times); empty when the drill passed. */
  failed: string[];
}

export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && moduleUrl === pathToFileURL(path.resolve(entry)).href;
}

export async function runAsCli(name: string, run: () => Promise<DrillResult>): Promise<void> {
  const result = await run();
  const expectations = new Expectations();
  expectations.failed.push(...result.failed);
  await report(name, result.figures, result.table, expectations);
}

/** `--name value` integer flags of a drill's command line, validated. */
export function intFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} needs a non-negative integer, got ${process.argv[i + 1]}`);
  return value;
}
