/**
 * COMMAND, COMMAND COUNT/INFO/DOCS/LIST/GETKEYS/GETKEYSANDFLAGS answered from the one command
 * table (Redis 7.0.15's own specs), in Redis's reply shapes, and TIME from the worker's clock.
 * COMMAND DOCS carries summary, since, group, complexity, flags and history, not arguments.
 */
import {
  allCommands,
  arityOk,
  commandEntry,
  keysWithFlags,
  subcommandOf,
  type ArgReader,
  type CommandSpec,
  type RedisCommandRaw,
  type RedisKeySpecRaw,
} from '@switchyard/core';
import { errorReply } from '../errors.ts';
import * as resp from '../resp/encode.ts';

const str = (s: string): Buffer => resp.bulk(s);
const statuses = (list: readonly string[]): Buffer => resp.array(list.map((s) => resp.status(s)));

/** A begin_search or find_keys part as Redis writes it: its type, then its spec's name/value pairs. */
function typedSpec(type: string, fields: readonly (readonly [string, string | number])[]): Buffer {
  const spec = fields.flatMap(([k, v]) => [str(k), typeof v === 'number' ? resp.integer(v) : str(v)]);
  return resp.array([str('type'), str(type), str('spec'), resp.array(spec)]);
}

function beginSearch(b: RedisKeySpecRaw['begin']): Buffer {
  if (b === null) return typedSpec('unknown', []);
  if ('index' in b) return typedSpec('index', [['index', b.index]]);
  return typedSpec('keyword', [
    ['keyword', b.keyword],
    ['startfrom', b.startfrom],
  ]);
}

function findKeys(f: RedisKeySpecRaw['find']): Buffer {
  if (f === null) return typedSpec('unknown', []);
  if ('lastkey' in f)
    return typedSpec('range', [
      ['lastkey', f.lastkey],
      ['keystep', f.keystep],
      ['limit', f.limit],
    ]);
  return typedSpec('keynum', [
    ['keynumidx', f.keynumidx],
    ['firstkey', f.firstkey],
    ['keystep', f.keystep],
  ]);
}

function keySpec(s: RedisKeySpecRaw): Buffer {
  const parts: Buffer[] = s.notes === undefined ? [] : [str('notes'), str(s.notes)];
  parts.push(
    str('flags'),
    statuses(s.flags),
    str('begin_search'),
    beginSearch(s.begin),
    str('find_keys'),
    findKeys(s.find),
  );
  return resp.array(parts);
}

/** One COMMAND INFO entry, as Redis 7 shapes it (10 elements). */
function infoEntry(raw: RedisCommandRaw): Buffer {
  return resp.array([
    str(raw.name),
    resp.integer(raw.arity),
    statuses(raw.flags),
    resp.integer(raw.legacy[0]),
    resp.integer(raw.legacy[1]),
    resp.integer(raw.legacy[2]),
    statuses(raw.categories),
    resp.array(raw.tips.map(str)),
    resp.array(raw.keySpecs.map(keySpec)),
    resp.array((raw.subcommands ?? []).map(infoEntry)),
  ]);
}

function docsEntry(raw: RedisCommandRaw): Buffer {
  const parts: Buffer[] = [
    str('summary'),
    str(raw.summary),
    str('since'),
    str(raw.since),
    str('group'),
    str(raw.group),
  ];
  if (raw.complexity !== undefined) parts.push(str('complexity'), str(raw.complexity));
  if (raw.docFlags !== undefined) parts.push(str('doc_flags'), statuses(raw.docFlags));
  if (raw.deprecatedSince !== undefined) parts.push(str('deprecated_since'), str(raw.deprecatedSince));
  if (raw.replacedBy !== undefined) parts.push(str('replaced_by'), str(raw.replacedBy));
  if (raw.history !== undefined)
    parts.push(str('history'), resp.array(raw.history.map(([v, t]) => resp.array([str(v), str(t)]))));
  if (raw.subcommands !== undefined)
    parts.push(str('subcommands'), resp.array(raw.subcommands.flatMap((s) => [str(s.name), docsEntry(s)])));
  return resp.array(parts);
}

const redisCommands = (): RedisCommandRaw[] => allCommands().flatMap((c) => (c.redis === null ? [] : [c.redis]));
const rawOf = (name: string): RedisCommandRaw | undefined => commandEntry(name.toUpperCase())?.redis ?? undefined;

/** Arguments from index `from` as the table's ArgReader (argv[0] is the command's name). */
function readerOf(args: readonly Buffer[], from: number): ArgReader {
  return { argc: args.length - from, latin1: (i: number) => args[from + i]!.toString('latin1') };
}

/** The spec COMMAND GETKEYS looks at: the subcommand when the command is a container. */
function getkeysSpec(args: readonly Buffer[]): CommandSpec | Buffer {
  const spec = commandEntry(args[2]!.toString('latin1').toUpperCase());
  if (spec === undefined || spec.redis === null) return errorReply('REDIS', 'ERR Invalid command specified');
  const reader = readerOf(args, 2);
  const target = spec.subcommands === null ? spec : subcommandOf(spec, reader);
  if (target === undefined) return errorReply('REDIS', 'ERR Invalid command specified');
  if (!arityOk(target, reader.argc))
    return errorReply('REDIS', 'ERR Invalid number of arguments specified for command');
  if (target.keySpecs.length === 0) return errorReply('REDIS', 'ERR The command has no key arguments');
  return target;
}

function getkeys(args: readonly Buffer[], withFlags: boolean): Buffer {
  const target = getkeysSpec(args);
  if (Buffer.isBuffer(target)) return target;
  const keys = keysWithFlags(target, readerOf(args, 2));
  if (keys === null) return errorReply('REDIS', 'ERR Invalid arguments specified for command');
  return resp.array(
    keys.map((k) =>
      withFlags ? resp.array([resp.bulk(args[2 + k.pos]!), statuses(k.flags)]) : resp.bulk(args[2 + k.pos]!),
    ),
  );
}

/** The reply to COMMAND [subcommand ...]; `args` includes the name. */
export function commandReply(args: readonly Buffer[]): Buffer {
  if (args.length === 1) return resp.array(redisCommands().map(infoEntry));
  const sub = args[1]!.toString('latin1').toUpperCase();
  const names = args.slice(2).map((a) => a.toString('latin1'));
  switch (sub) {
    case 'COUNT':
      return args.length === 2 ? resp.integer(redisCommands().length) : errorReply('WRONG_ARITY', 'COMMAND|COUNT');
    case 'LIST':
      // FILTERBY is not offered; the plain list is Redis's (containers and their subcommands).
      return args.length === 2
        ? resp.array(
            redisCommands()
              .flatMap((c) => [c, ...(c.subcommands ?? [])])
              .map((c) => str(c.name)),
          )
        : errorReply('REDIS', 'ERR syntax error');
    case 'INFO':
      if (names.length === 0) return resp.array(redisCommands().map(infoEntry));
      return resp.array(
        names.map((n) => {
          const raw = rawOf(n);
          return raw === undefined ? resp.NULL_BULK : infoEntry(raw);
        }),
      );
    case 'DOCS': {
      const list =
        names.length === 0
          ? redisCommands()
          : names.flatMap((n) => {
              const raw = rawOf(n);
              return raw === undefined ? [] : [raw];
            });
      return resp.array(list.flatMap((raw) => [str(raw.name), docsEntry(raw)]));
    }
    case 'GETKEYS':
    case 'GETKEYSANDFLAGS':
      // COMMAND GETKEYS needs a command and at least one argument (Redis's arity -4).
      return args.length < 4 ? errorReply('WRONG_ARITY', `COMMAND|${sub}`) : getkeys(args, sub === 'GETKEYSANDFLAGS');
    default:
      return errorReply('REDIS', `ERR unknown subcommand '${args[1]!.toString().slice(0, 128)}'. Try COMMAND HELP.`);
  }
}

/** TIME: the worker's clock as Redis replies it (seconds, microseconds). */
export function timeReply(args: readonly Buffer[]): Buffer {
  if (args.length !== 1) return errorReply('WRONG_ARITY', 'TIME');
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return resp.array([str(String(Math.floor(micros / 1e6))), str(String(micros % 1e6))]);
}
