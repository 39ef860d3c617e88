/**
 * The one command table (issue 13): every Redis 7.0 command with Redis's own arity, flags and
 * key specs (captured from redis-server 7.0.15 into redis-commands.generated.ts), and
 * Switchyard's serving policy on top (command-policy.ts). The proxy's live traffic, `route()`,
 * `syctl route` and the console's previews all read it.
 */
import {
  CONDITIONS,
  DATA_GROUPS,
  LOCAL_COMMANDS,
  PROXY_COMMANDS,
  READ_OVERRIDES,
  REFUSED_COMMANDS,
  REFUSED_SUBCOMMANDS,
  SPLIT_COMMANDS,
  type MultiKeyMode,
} from './command-policy.ts';
import { REDIS_COMMANDS } from './redis-commands.generated.ts';
import type { RedisCommandRaw, RedisKeySpecRaw } from './redis-spec-types.ts';

export { LOCAL_COMMANDS, NEWID_COMMAND, REFUSED_COMMANDS, type MultiKeyMode } from './command-policy.ts';

/** How Switchyard serves a command. */
export type Serving = 'forward' | 'local' | 'proxy' | 'refused';

export interface CommandSpec {
  /** Upper case; a subcommand is `CONTAINER|SUB`. */
  readonly name: string;
  /** Redis arity: n = exactly n args (with the name), -n = at least n. */
  readonly arity: number;
  readonly write: boolean;
  readonly multi: MultiKeyMode;
  readonly serving: Serving;
  /** Why a refused command is refused; the condition of a conditionally served one. */
  readonly note: string | null;
  readonly keySpecs: readonly RedisKeySpecRaw[];
  /** Key positions independent of the arguments (most commands), else null. */
  readonly fixedKeys: readonly number[] | null;
  /** Containers (OBJECT, MEMORY, XINFO, XGROUP, ...): their subcommands by upper-case name. */
  readonly subcommands: ReadonlyMap<string, CommandSpec> | null;
  /** Redis's own entry (COMMAND INFO / DOCS); null for Switchyard's SY.* commands. */
  readonly redis: RedisCommandRaw | null;
}

/** Shared result for the common single-key case; callers never mutate it. */
const FIRST_ONLY: readonly number[] = Object.freeze([1]);

function fixedKeysOf(specs: readonly RedisKeySpecRaw[]): readonly number[] | null {
  const out: number[] = [];
  for (const s of specs) {
    if (s.begin === null || !('index' in s.begin) || s.find === null || !('lastkey' in s.find) || s.find.lastkey < 0)
      return null;
    for (let i = s.begin.index; i <= s.begin.index + s.find.lastkey; i += Math.max(1, s.find.keystep)) out.push(i);
  }
  return out.length === 1 && out[0] === 1 ? FIRST_ONLY : Object.freeze(out);
}

function servingOf(
  raw: RedisCommandRaw,
  name: string,
  container: string | null,
): { serving: Serving; note: string | null } {
  const refused = REFUSED_COMMANDS.get(container ?? name) ?? REFUSED_SUBCOMMANDS.get(name);
  if (refused !== undefined) return { serving: 'refused', note: refused };
  if (LOCAL_COMMANDS.has(container ?? name)) return { serving: 'local', note: null };
  if (
    DATA_GROUPS.has(raw.group) ||
    name === 'OBJECT' ||
    name === 'MEMORY' ||
    container === 'OBJECT' ||
    name === 'MEMORY|USAGE'
  ) {
    return { serving: 'forward', note: CONDITIONS.get(name) ?? null };
  }
  return { serving: 'refused', note: 'not a data command (instance administration)' };
}

function build(raw: RedisCommandRaw, container: string | null): CommandSpec {
  const name = raw.name.toUpperCase();
  const { serving, note } = servingOf(raw, name, container);
  const subs =
    raw.subcommands === undefined
      ? null
      : new Map(raw.subcommands.map((s) => [s.name.split('|')[1]!.toUpperCase(), build(s, name)] as const));
  // A container writes when a forwarded subcommand does (XGROUP); OBJECT and XINFO only read.
  const forwardedSubs =
    subs === null ? [] : [...subs.values()].filter((s) => s.serving === 'forward' && s.keySpecs.length > 0);
  const write =
    subs === null ? !READ_OVERRIDES.has(name) && !raw.flags.includes('readonly') : forwardedSubs.some((s) => s.write);
  return Object.freeze({
    name,
    arity: raw.arity,
    write,
    multi: SPLIT_COMMANDS.get(name) ?? 'same',
    serving,
    note,
    keySpecs: raw.keySpecs,
    fixedKeys: fixedKeysOf(raw.keySpecs),
    subcommands: subs,
    redis: raw,
  });
}

const table = new Map<string, CommandSpec>();
for (const raw of REDIS_COMMANDS) {
  const spec = build(raw, null);
  table.set(spec.name, spec);
}
for (const [name, p] of PROXY_COMMANDS) {
  table.set(
    name,
    Object.freeze({
      name,
      arity: p.arity,
      write: true,
      multi: 'same',
      serving: 'proxy',
      note: p.summary,
      keySpecs: [],
      fixedKeys: [],
      subcommands: null,
      redis: null,
    }),
  );
}

/** The table entry of a command (upper-case name, or `CONTAINER|SUB`), whatever its serving. */
export function commandEntry(name: string): CommandSpec | undefined {
  const bar = name.indexOf('|');
  if (bar < 0) return table.get(name);
  return table.get(name.slice(0, bar))?.subcommands?.get(name.slice(bar + 1));
}

/** Every entry, sorted by name (COMMAND, COMMAND COUNT, docs/COMPATIBILITY.md). */
export function allCommands(): CommandSpec[] {
  return [...table.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** How the proxy serves a command, in docs/COMPATIBILITY.md's words (syctl route, the console's route preview). */
export function describeServing(entry: CommandSpec): string {
  if (entry.serving === 'refused') return `refused: ${entry.note ?? ''}`;
  if (entry.serving === 'local') return 'answered by the proxy itself (not routed)';
  if (entry.serving === 'proxy') return "Switchyard's own command";
  if (entry.multi !== 'same') return 'forwarded; keys on several instances are split per instance';
  return entry.note === null ? 'forwarded' : `forwarded when: ${entry.note}`;
}

/** A container's subcommand named by args[1], or undefined. */
export function subcommandOf(spec: CommandSpec, reader: ArgReader): CommandSpec | undefined {
  if (spec.subcommands === null || reader.argc < 2) return undefined;
  return spec.subcommands.get(reader.latin1(1).toUpperCase());
}

/** What key extraction needs from a request: its size and one argument at a time. */
export interface ArgReader {
  readonly argc: number;
  latin1(i: number): string;
}

export function arityOk(spec: CommandSpec, argc: number): boolean {
  return spec.arity >= 0 ? argc === spec.arity : argc >= -spec.arity;
}

export {
  keyCount,
  keyError,
  keyIndices,
  keysWithFlags,
  sortOptions,
  sortPatternKey,
  zeroKeyError,
} from './key-specs.ts';

/** Whether Redis's spec marks the command read-only. Unknown commands count as writes. */
export function isReadCommand(command: string): boolean {
  const spec = table.get(command.toUpperCase());
  return spec !== undefined && !spec.write;
}

/**
 * A write goes to every instance in `writes` (dual-write); a read goes to `read`. Unknown
 * commands count as writes: sending a write to the old instance only would silently lose it
 * during a migration, while a read sent to both is harmless.
 */
export function isWriteCommand(command: string): boolean {
  return !isReadCommand(command);
}

/**
 * Commands a caller's `*` does not grant (issue 14): they run caller-supplied code (scripts,
 * SCRIPT LOAD/EXISTS) or bytes (RESTORE) on a backend. A caller needs each one listed by name.
 */
export const EXPLICIT_GRANT_COMMANDS: ReadonlySet<string> = new Set([
  'EVAL',
  'EVALSHA',
  'EVAL_RO',
  'EVALSHA_RO',
  'FCALL',
  'FCALL_RO',
  'SCRIPT',
  'RESTORE',
]);

/** Whether a caller with these compiled grants may run `command` (upper-case). */
export function callerMayRun(
  caller: { readonly commands: ReadonlySet<string> | null; readonly granted: ReadonlySet<string> },
  command: string,
): boolean {
  if (EXPLICIT_GRANT_COMMANDS.has(command)) return caller.granted.has(command);
  return caller.commands === null || caller.commands.has(command);
}
