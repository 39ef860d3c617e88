/**
 * The proxy's view of the one command table in @switchyard/core (Redis 7.0.15's own specs plus
 * Switchyard's policies). `commandSpec` answers for commands the proxy forwards or runs as a
 * proxy command; local and refused commands have their own sets.
 */
import { allCommands, commandEntry, REFUSED_COMMANDS, type CommandSpec } from '@switchyard/core';

export {
  arityOk,
  keyIndices,
  LOCAL_COMMANDS,
  type ArgReader,
  type CommandSpec,
  type MultiKeyMode,
} from '@switchyard/core';

/** Refused for every caller (reasons in core's REFUSED_COMMANDS and docs/COMPATIBILITY.md). */
export const DANGEROUS_COMMANDS: ReadonlySet<string> = new Set(REFUSED_COMMANDS.keys());

/** Refused because they enumerate a whole instance; their error points to SCAN (issue 13 §5). */
export const ENUMERATING_COMMANDS: ReadonlySet<string> = new Set(['KEYS', 'DBSIZE', 'RANDOMKEY']);

/** The (un)subscribe commands of the three families: channels, patterns, shard channels (pubsub/). */
export const SUBSCRIBE_COMMANDS: readonly string[] = [
  'SUBSCRIBE',
  'PSUBSCRIBE',
  'SSUBSCRIBE',
  'UNSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SUNSUBSCRIBE',
];

/**
 * Served by the proxy across instances or on connections of their own (scan/, pubsub/), so they
 * cannot join a transaction that runs on one instance's connection: refused when queued.
 */
export const NOT_IN_MULTI_COMMANDS: ReadonlySet<string> = new Set(['SCAN', ...SUBSCRIBE_COMMANDS, 'PUBSUB']);

/**
 * Commands that run caller-supplied code on a backend (issue 14). They need an explicit grant
 * (core's EXPLICIT_GRANT_COMMANDS), run only on instances with a managed data user, and are
 * watched by the runaway-script budget.
 */
export const SCRIPT_COMMANDS: ReadonlySet<string> = new Set([
  'EVAL',
  'EVALSHA',
  'EVAL_RO',
  'EVALSHA_RO',
  'FCALL',
  'FCALL_RO',
]);

/** The SCRIPT subcommands a caller may send; FLUSH, KILL, DEBUG stay with operators. */
export const SCRIPT_SUBCOMMANDS: ReadonlySet<string> = new Set(['LOAD', 'EXISTS']);

/** One map: name → spec of every forwarded or proxy command (the hot path's single hit). */
const forwarded = new Map<string, CommandSpec>();
for (const spec of allCommands())
  if (spec.serving === 'forward' || spec.serving === 'proxy') forwarded.set(spec.name, spec);

// PUBLISH's channel is routed and permitted like a key (pubsub/pubsub-commands.ts), but Redis's
// spec names no key (SPUBLISH's does): give it SPUBLISH's key position so a PUBLISH queued in
// MULTI routes by its channel too. COMMAND still shows Redis's own entry (core's table).
const spublish = forwarded.get('SPUBLISH')!;
forwarded.set(
  'PUBLISH',
  Object.freeze({ ...forwarded.get('PUBLISH')!, keySpecs: spublish.keySpecs, fixedKeys: spublish.fixedKeys }),
);

export function commandSpec(name: string): CommandSpec | undefined {
  return forwarded.get(name);
}

export { commandEntry };
