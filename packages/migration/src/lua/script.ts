/**
 * A Lua script run by EVALSHA with an EVAL fallback: a restarted instance forgets its script
 * cache, and the engine must keep working across exactly those restarts.
 */
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { framesAllowed, scriptFrame, sendFrame, type KeyBatch } from './frame.ts';

export type Arg = Buffer | string | number;

export class LuaScript {
  readonly sha: string;

  constructor(
    readonly name: string,
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis | Cluster, keys: readonly Buffer[], args: readonly Arg[]): Promise<unknown> {
    const tail: Arg[] = [keys.length, ...keys, ...args];
    try {
      return await client.callBuffer('EVALSHA', [this.sha, ...tail]);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.callBuffer('EVAL', [this.source, ...tail]);
    }
  }

  /** Like run() on one instance, sending the batch's keys as encoded once (frame.ts). */
  async runBatch(client: Redis, batch: KeyBatch, args: readonly Arg[]): Promise<unknown> {
    if (!framesAllowed(client)) return this.run(client, batch.keys, args);
    try {
      return await sendFrame(client, 'EVALSHA', scriptFrame('EVALSHA', this.sha, batch, args));
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return sendFrame(client, 'EVAL', scriptFrame('EVAL', this.source, batch, args));
    }
  }
}

/** Lua replies arrive as Buffers (bulk) or numbers (integers); these read them back. */
export function replyArray(reply: unknown, script: string): unknown[] {
  if (!Array.isArray(reply)) throw new Error(`script ${script} returned ${typeof reply}, expected an array`);
  return reply;
}

export function asText(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (typeof v === 'number' || typeof v === 'string') return String(v);
  throw new Error(`unexpected script reply element ${typeof v}`);
}

export function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const n = Number(asText(v));
  if (!Number.isFinite(n)) throw new Error(`script reply element is not a number`);
  return n;
}

export function asBuffer(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'number' || typeof v === 'string') return Buffer.from(String(v), 'latin1');
  throw new Error(`unexpected script reply element ${typeof v}`);
}
