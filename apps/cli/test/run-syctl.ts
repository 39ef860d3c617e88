/** Run the CLI in tests: the real binary as operators and scripts do, or in-process (faster). */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALL_COMMANDS } from '../src/commands/index.ts';
import { CLI_ENV_NAMES } from '../src/env.ts';
import { runCli } from '../src/framework/run-cli.ts';

export const BIN = fileURLToPath(new URL('../bin/syctl.mjs', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real binary in a subprocess. With `env`, that is its whole environment (plus PATH and
 * HOME), so nothing leaks in from the test runner's; without, it inherits the runner's.
 */
export function syctl(args: readonly string[], cwd?: string, env?: Record<string, string>): Promise<Run> {
  const environment =
    env === undefined ? undefined : { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: environment, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** In-process run with exactly `env` as syctl's environment (every variable it reads). */
export async function syctlInProcess(args: readonly string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const saved = CLI_ENV_NAMES.map((n) => [n, process.env[n]] as const);
  for (const n of CLI_ENV_NAMES) {
    if (env[n] === undefined) delete process.env[n];
    else process.env[n] = env[n];
  }
  let stdout = '';
  let stderr = '';
  try {
    const code = await runCli(
      ALL_COMMANDS,
      args,
      { out: (t) => (stdout += `${t}\n`), err: (t) => (stderr += `${t}\n`) },
      { cwd },
    );
    return { code, stdout, stderr };
  } finally {
    for (const [n, v] of saved) {
      if (v === undefined) delete process.env[n];
      else process.env[n] = v;
    }
  }
}
