/**
 * Where the keys and the timeout of a blocking command are (Redis 7.0 syntax). Pure, so it is
 * unit-tested; the runner (run-blocking.ts) routes the keys and sends on a dedicated connection.
 */
import type { ArgReader } from '../routing/command-table.ts';

export const BLOCKING_COMMANDS: ReadonlySet<string> = new Set([
  'BLPOP',
  'BRPOP',
  'BLMOVE',
  'BRPOPLPUSH',
  'BZPOPMIN',
  'BZPOPMAX',
  'BLMPOP',
  'BZMPOP',
  'XREAD',
  'XREADGROUP',
]);

export interface BlockingShape {
  /** Argument indices of the keys. */
  keys: number[];
  /** How long the backend may block, in ms: 0 = forever, null = not blocking (XREAD without BLOCK). */
  blockMs: number | null;
  /** Index of the timeout argument (rewritten when the block moves to another instance). */
  timeoutAt: number;
  /** Pops and XREADGROUP (which moves entries into the PEL) write. */
  write: boolean;
}

/** Seconds as Redis parses a blocking timeout (a float); NaN for what Redis would refuse. */
function secondsToMs(text: string): number {
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? Math.ceil(n * 1000) : Number.NaN;
}

/** The command's shape, or a Redis-style error message (without the leading '-'). */
export function blockingShape(name: string, c: ArgReader): BlockingShape | string {
  const argc = c.argc;
  const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
  switch (name) {
    case 'BLPOP':
    case 'BRPOP':
    case 'BZPOPMIN':
    case 'BZPOPMAX':
      return { keys: range(1, argc - 2), blockMs: secondsToMs(c.latin1(argc - 1)), timeoutAt: argc - 1, write: true };
    case 'BRPOPLPUSH':
      return { keys: [1, 2], blockMs: secondsToMs(c.latin1(3)), timeoutAt: 3, write: true };
    case 'BLMOVE':
      return { keys: [1, 2], blockMs: secondsToMs(c.latin1(5)), timeoutAt: 5, write: true };
    case 'BLMPOP':
    case 'BZMPOP': {
      const n = Number(c.latin1(2));
      if (!Number.isInteger(n) || n <= 0) return 'ERR numkeys should be greater than 0';
      if (3 + n > argc) return 'ERR syntax error';
      return { keys: range(3, 2 + n), blockMs: secondsToMs(c.latin1(1)), timeoutAt: 1, write: true };
    }
    default:
      return streamShape(name, c);
  }
}

/** XREAD [COUNT n] [BLOCK ms] STREAMS k... id... ; XREADGROUP GROUP g c [COUNT n] [BLOCK ms] [NOACK] STREAMS ... */
function streamShape(name: string, c: ArgReader): BlockingShape | string {
  const group = name === 'XREADGROUP';
  let i = group ? 1 : 1;
  if (group) {
    if (c.argc < 4 || c.latin1(1).toUpperCase() !== 'GROUP') return 'ERR syntax error';
    i = 4;
  }
  let blockMs: number | null = null;
  let timeoutAt = -1;
  for (; i < c.argc; i++) {
    const word = c.latin1(i).toUpperCase();
    if (word === 'STREAMS') break;
    if (word === 'COUNT' && i + 1 < c.argc) i++;
    else if (word === 'BLOCK' && i + 1 < c.argc) {
      const ms = Number(c.latin1(++i));
      if (!Number.isInteger(ms)) return 'ERR timeout is not an integer or out of range';
      if (ms < 0) return 'ERR timeout is negative';
      blockMs = ms;
      timeoutAt = i;
    } else if (!(group && word === 'NOACK')) return 'ERR syntax error';
  }
  const rest = c.argc - i - 1;
  if (i >= c.argc || rest <= 0 || rest % 2 !== 0) {
    // Redis 7.0.15's text, XREADGROUP included (7.2 changed it to name the command).
    return "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.";
  }
  const n = rest / 2;
  return { keys: Array.from({ length: n }, (_, k) => i + 1 + k), blockMs, timeoutAt, write: group };
}
