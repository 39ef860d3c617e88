/**
 * One syctl command: a path (`['id', 'decode']`), its flags for node:util parseArgs, the
 * names of its positionals, a zod schema that validates and types the lot, and `run`.
 * Command groups live one file per group under `src/commands/` and export a list of these.
 */
import type { z } from 'zod';

export type FlagSpec =
  { type: 'string'; short?: string; description: string } | { type: 'boolean'; short?: string; description: string };

export interface CommandOutput {
  /** What `--json` prints (one JSON document on stdout). */
  json: unknown;
  /** What a person sees without `--json`. */
  text: string;
}

export interface CommandContext {
  /** Working directory, for relative paths given on the command line. */
  cwd: string;
}

export interface Command<S extends z.ZodType = z.ZodType> {
  path: readonly string[];
  summary: string;
  /** Names for the positionals, in order; `?` suffix = optional. */
  positionals: readonly string[];
  flags: Readonly<Record<string, FlagSpec>>;
  /** Validates `{ ...flags, ...positionals }` (camelCase keys) into the typed arguments. */
  args: S;
  run(args: z.output<S>, ctx: CommandContext): Promise<CommandOutput> | CommandOutput;
}

/** Keeps the schema's output type attached to `run` when declaring a command. */
export function defineCommand<S extends z.ZodType>(c: Command<S>): Command {
  return c as unknown as Command;
}
