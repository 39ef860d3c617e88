/** main.ts as a child process, for the tests that drive the real entry point. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const MAIN = path.resolve(import.meta.dirname, '../src/main.ts');

export interface MainProcess {
  child: ChildProcess;
  /** The first stdout line that is an event (`ready`, `not_ready`), or the first of `event`. */
  first: Record<string, unknown>;
  exited: Promise<number | null>;
  /** Every line written so far (stderr: the JSON log). */
  stdout: string[];
  stderr: string[];
}

/**
 * Starts main.ts with `env` over the test's own, and waits for its first event line.
 * `nodeArgs`: flags before the entry point, as a launcher passes them.
 */
export async function startMain(env: NodeJS.ProcessEnv, event?: string, nodeArgs: string[] = []): Promise<MainProcess> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', MAIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      stdout.push(line);
      if (!line.startsWith('{"event"')) return;
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (event === undefined || parsed['event'] === event) resolve(parsed);
    });
  });
  return { child, first, exited, stdout, stderr };
}
