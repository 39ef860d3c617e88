/**
 * A `RedisLike` over any "send these args, get the raw RESP reply" function, for callers
 * that keep their own connections and never decode replies (the proxy's upstream). Only
 * the replies the create script can produce are understood: an integer, or an error.
 */
import type { RedisLike } from './generate.ts';

export type RawSender = (args: Buffer[]) => Promise<Buffer>;

/** The integer of `:<n>\r\n`; an error reply (`-NOSCRIPT ...`) rejects with its text. */
export function parseIntegerReply(reply: Buffer): number {
  const end = reply.indexOf('\r\n');
  const line = reply.toString('utf8', 1, end < 0 ? reply.length : end);
  if (reply[0] === 0x2d) throw new Error(line);
  if (reply[0] === 0x3a && /^-?[0-9]+$/.test(line)) return Number(line);
  throw new Error(
    `expected an integer reply, got ${JSON.stringify(reply.toString('utf8', 0, Math.min(reply.length, 60)))}`,
  );
}

const asBuffer = (a: string | number | Buffer): Buffer => (Buffer.isBuffer(a) ? a : Buffer.from(String(a)));

export function rawScriptRunner(send: RawSender): RedisLike {
  const call = async (
    command: string,
    scriptOrSha: string,
    numKeys: number,
    args: (string | Buffer)[],
  ): Promise<number> => parseIntegerReply(await send([command, scriptOrSha, numKeys, ...args].map(asBuffer)));
  return {
    evalsha: (sha, numKeys, ...args) => call('EVALSHA', sha, numKeys, args),
    eval: (script, numKeys, ...args) => call('EVAL', script, numKeys, args),
  };
}
