/** syctl: returns the exit code; bin/syctl.mjs sets it. */
import { ALL_COMMANDS } from './commands/index.ts';
import { runCli } from './framework/run-cli.ts';

export async function main(argv: readonly string[]): Promise<number> {
  return runCli(
    ALL_COMMANDS,
    argv,
    { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) },
    { cwd: process.cwd() },
  );
}
