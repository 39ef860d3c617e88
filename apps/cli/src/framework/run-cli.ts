/**
 * Dispatch: find the command by its path, parse flags with node:util parseArgs, validate
 * with the command's zod schema, run, print. Every failure becomes a CliError with a
 * stable code, printed as one line (or as JSON with --json) with a non-zero exit.
 */
import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import type { Command, CommandContext } from './command.ts';
import { CliError } from './errors.ts';
import { commandHelp, overviewHelp } from './help.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const COMMON_FLAGS = {
  json: { type: 'boolean', description: 'print one JSON document instead of text' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
} as const;

export async function runCli(
  commands: readonly Command[],
  argv: readonly string[],
  io: Io,
  ctx: CommandContext,
): Promise<number> {
  const json = argv.includes('--json');
  try {
    const command = findCommand(commands, argv);
    if (!command) {
      const words = argv.filter((a) => !a.startsWith('-'));
      if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || words.length === 0) {
        io.out(overviewHelp(commands, words));
        return 0;
      }
      const prefixMatches = commands.some((c) => c.path[0] === words[0]);
      if (prefixMatches && words.length === 1) {
        io.out(overviewHelp(commands, words));
        return argv.includes('--help') || argv.includes('-h') ? 0 : 2;
      }
      throw new CliError('UNKNOWN_COMMAND', `unknown command '${words.join(' ')}'; run 'syctl --help' for the list`);
    }
    const rest = argv.slice(command.path.length);
    const args = parseCommandArgs(command, rest);
    if (args === 'help') {
      io.out(commandHelp(command));
      return 0;
    }
    const output = await command.run(args, ctx);
    io.out(json ? JSON.stringify(output.json, bigintReplacer) : output.text);
    return 0;
  } catch (e) {
    const err = toCliError(e);
    if (json) io.err(JSON.stringify({ error: { code: err.code, reason: err.reason ?? null, message: err.message } }));
    else io.err(`syctl: ${err.code}${err.reason ? `/${err.reason}` : ''}: ${err.message}`);
    return err.exitCode;
  }
}

function findCommand(commands: readonly Command[], argv: readonly string[]): Command | undefined {
  let best: Command | undefined;
  for (const c of commands) {
    if (c.path.every((word, i) => argv[i] === word) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

function parseCommandArgs(command: Command, rest: readonly string[]): unknown {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: negativeNumbersAsPositionals(rest),
      options: { ...command.flags, ...COMMON_FLAGS },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new CliError('USAGE', `${(e as Error).message}; run 'syctl ${command.path.join(' ')} --help'`);
  }
  if (parsed.values['help'] === true) return 'help';
  const names = command.positionals;
  const required = names.filter((n) => !n.endsWith('?')).length;
  if (parsed.positionals.length < required || parsed.positionals.length > names.length) {
    const usage = names.map((n) => (n.endsWith('?') ? `[${n.slice(0, -1)}]` : `<${n}>`)).join(' ');
    throw new CliError('USAGE', `usage: syctl ${command.path.join(' ')} ${usage}`.trimEnd());
  }
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parsed.values)) input[camel(k)] = v;
  parsed.positionals.forEach((v, i) => {
    input[camel(names[i]!.replace(/\?$/, ''))] = v;
  });
  const result = command.args.safeParse(input);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first?.path.length ? `--${kebab(String(first.path[0]))}` : 'arguments';
    throw new CliError('INVALID_ARGUMENT', `${where}: ${first?.message ?? 'invalid'}`);
  }
  return result.data;
}

/** `-5` is a (wrong) ID, not a flag: let the command's validation explain what is wrong. */
function negativeNumbersAsPositionals(rest: readonly string[]): string[] {
  if (rest.includes('--')) return [...rest];
  const isNegative = (a: string): boolean => /^-[0-9]/.test(a);
  const negatives = rest.filter(isNegative);
  return negatives.length === 0 ? [...rest] : [...rest.filter((a) => !isNegative(a)), '--', ...negatives];
}

function toCliError(e: unknown): CliError {
  if (e instanceof CliError) return e;
  if (e instanceof ZodError) return new CliError('INVALID_ARGUMENT', e.issues.map((i) => i.message).join('; '));
  return new CliError('INTERNAL', e instanceof Error ? e.message : String(e));
}

const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** IDs are bigint in core; JSON carries them as decimal strings. */
export const bigintReplacer = (_key: string, value: unknown): unknown =>
  typeof value === 'bigint' ? value.toString() : value;
