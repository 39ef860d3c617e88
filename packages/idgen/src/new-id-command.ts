/**
 * The proxy command `SY.NEWID <identity> [GROUPED] [REGION <region>] [SET <set>]`, parsed in
 * one place so the proxy and `syctl id new` agree. Without REGION the worker's own region
 * applies (001 §6.2.1: the deploying region's rules). Identity is not restricted to the two
 * known values: an unknown one falls back to `*;*;*`, and the reply says so.
 */
import { z } from 'zod';
import { IdgenError } from './errors.ts';
import type { GeneratedId } from './generate.ts';

export interface NewIdCommand {
  identity: string;
  grouped: boolean;
  region: string | undefined;
  set: string | undefined;
}

const ZWord = z.string().regex(/^[A-Za-z0-9_*-]{1,64}$/, 'letters, digits, "-", "_" only (at most 64)');

export function parseNewIdArgs(args: readonly (string | Buffer)[]): NewIdCommand {
  const words = args.map((a) => (typeof a === 'string' ? a : a.toString('utf8')));
  const bad = (why: string): IdgenError =>
    new IdgenError(
      'NEWID_ARGS_INVALID',
      `SY.NEWID: ${why}; usage: SY.NEWID <personal|enterprise> [GROUPED] [REGION <region>] [SET <set>]`,
    );
  const word = (w: string | undefined, what: string): string => {
    const r = ZWord.safeParse(w);
    if (!r.success) throw bad(`${what} ${w === undefined ? 'is missing' : `'${w.slice(0, 64)}' is invalid`}`);
    return r.data;
  };
  const cmd: NewIdCommand = { identity: word(words[0], 'identity'), grouped: false, region: undefined, set: undefined };
  for (let i = 1; i < words.length; i++) {
    const option = words[i]!.toUpperCase();
    if (option === 'GROUPED') cmd.grouped = true;
    else if (option === 'REGION') cmd.region = word(words[++i], 'REGION');
    else if (option === 'SET') cmd.set = word(words[++i], 'SET');
    else throw bad(`unknown option '${words[i]!.slice(0, 64)}'`);
  }
  return cmd;
}

/** Flat field/value pairs for a RESP array (or RESP3 map) reply; the ID stays a decimal string. */
export function newIdReplyFields(r: GeneratedId): string[] {
  return [
    'id',
    r.id,
    'code',
    String(r.code),
    'kind',
    r.kind,
    'day',
    String(r.day),
    'rule',
    r.rule,
    'fellback',
    r.fellBack ? '1' : '0',
    'attempts',
    String(r.attempts),
    'instance',
    r.instance ?? '',
  ];
}
