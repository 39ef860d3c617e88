/**
 * A Redis Cluster instance, served through ioredis (slot map, MOVED/ASK). ioredis decodes
 * replies, so they are re-encoded here; status replies come back as plain strings, and the
 * commands known to answer with a status are re-encoded as such.
 */
import { Cluster, Redis } from 'ioredis';
import type { TInstance } from '@switchyard/core';
import { combineExists, combineLoad } from './script-replies.ts';
import * as resp from '../resp/encode.ts';
import type { ReplyCallback } from './raw-connection.ts';
import { dataCredentials } from './credentials.ts';

const STATUS_COMMANDS = new Set([
  'SET',
  'SETEX',
  'PSETEX',
  'MSET',
  'HMSET',
  'LSET',
  'LTRIM',
  'RENAME',
  'TYPE',
  'RESTORE',
  'PFMERGE',
  'PING',
  'MULTI',
  'WATCH',
  'UNWATCH',
  'DISCARD',
]);

const PER_KEY = new Set(['MGET', 'MSET', 'DEL', 'EXISTS', 'UNLINK', 'TOUCH']);

export interface ClusterBackendOptions {
  timeoutMs: number;
  connectTimeoutMs: number;
}

export class ClusterBackend {
  private readonly cluster: Cluster;

  constructor(
    private readonly instance: TInstance,
    private readonly options: ClusterBackendOptions,
  ) {
    this.cluster = new Cluster(
      instance.addresses.map((a) => ({ host: a.host, port: a.port })),
      {
        redisOptions: {
          ...dataCredentials(instance),
          connectTimeout: options.connectTimeoutMs,
          commandTimeout: options.timeoutMs,
          maxRetriesPerRequest: 1,
        },
        scaleReads: 'master',
        enableOfflineQueue: true,
        lazyConnect: false,
      },
    );
    // Errors surface per command; an unhandled 'error' event would crash the worker.
    this.cluster.on('error', () => undefined);
  }

  send(args: readonly Buffer[], cb: ReplyCallback): void {
    const name = args[0]!.toString('latin1').toUpperCase();
    if (PER_KEY.has(name) && args.length > (name === 'MSET' ? 3 : 2)) return this.perKey(name, args, cb);
    if (name === 'SCRIPT') return this.everyMaster(args, cb);
    this.cluster.callBuffer(name, args.slice(1)).then(
      (value) => deliver(cb, encode(value, STATUS_COMMANDS.has(name))),
      (err: unknown) => failWith(cb, err),
    );
  }

  /**
   * Keys of one proxy instance may sit in different cluster slots, which Redis refuses for
   * multi-key commands; these are split per key (as a cluster-aware client would) and merged.
   */
  private perKey(name: string, args: readonly Buffer[], cb: ReplyCallback): void {
    const step = name === 'MSET' ? 2 : 1;
    const single = name === 'MGET' ? 'GET' : name === 'MSET' ? 'SET' : name;
    const calls: Promise<unknown>[] = [];
    for (let i = 1; i < args.length; i += step) calls.push(this.cluster.callBuffer(single, args.slice(i, i + step)));
    Promise.all(calls).then(
      (values) => {
        if (name === 'MGET') return deliver(cb, resp.value(values as resp.ReplyValue[]));
        if (name === 'MSET') return deliver(cb, resp.OK);
        deliver(cb, resp.integer(values.reduce<number>((sum, v) => sum + Number(v), 0)));
      },
      (err: unknown) => failWith(cb, err),
    );
  }

  /** SCRIPT LOAD/EXISTS on every master, since a script's keys may hash to any of them. */
  private everyMaster(args: readonly Buffer[], cb: ReplyCallback): void {
    const nodes = this.cluster.nodes('master');
    if (nodes.length === 0) return cb(null, 0, 0, 'cluster slot map not loaded yet');
    const calls = nodes.map((n) =>
      n.callBuffer('SCRIPT', ...args.slice(1)).then(
        (v) => encode(v, false),
        (err: unknown) => (isReplyError(err) ? resp.error(err.message) : Promise.reject(err)),
      ),
    );
    Promise.all(calls).then(
      (replies) =>
        deliver(
          cb,
          args[1]!.toString('latin1').toUpperCase() === 'LOAD' ? combineLoad(replies) : combineExists(replies),
        ),
      (err: unknown) => failWith(cb, err),
    );
  }

  /**
   * SCRIPT KILL (or FUNCTION KILL, for FCALL) on every master (the runaway-script budget), each over a connection of its own:
   * a busy node does not read the connection whose script it is running. Resolves the replies.
   */
  killScripts(what: 'SCRIPT' | 'FUNCTION' = 'SCRIPT'): Promise<string[]> {
    return Promise.all(
      this.cluster.nodes('master').map(async (node) => {
        const { host, port } = node.options;
        const conn = new Redis({
          host,
          port,
          ...dataCredentials(this.instance),
          lazyConnect: true,
          enableReadyCheck: false,
          maxRetriesPerRequest: 0,
          connectTimeout: this.options.connectTimeoutMs,
          retryStrategy: () => null,
        });
        conn.on('error', () => undefined);
        try {
          await conn.connect();
          return `+${String(await conn.call(what, 'KILL'))}`;
        } catch (err) {
          return `-${err instanceof Error ? err.message : String(err)}`;
        } finally {
          conn.disconnect();
        }
      }),
    );
  }

  /** MULTI … EXEC on the node owning the keys; the EXEC reply is an array of the replies. */
  transaction(commands: readonly (readonly Buffer[])[], cb: ReplyCallback): void {
    const pipeline = this.cluster.multi(commands.map((c) => [c[0]!.toString('latin1'), ...c.slice(1)]));
    pipeline.exec().then(
      (results) => {
        if (results === null) return deliver(cb, resp.NULL_ARRAY);
        const items = results.map(([err, value], i) => {
          if (err) return resp.error(err.message);
          const name = commands[i]![0]!.toString('latin1').toUpperCase();
          return encode(value, STATUS_COMMANDS.has(name));
        });
        deliver(cb, resp.array(items));
      },
      (err: unknown) => deliver(cb, resp.error(err instanceof Error ? err.message : String(err))),
    );
  }

  close(): void {
    this.cluster.disconnect();
  }
}

function isReplyError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'ReplyError';
}

function deliver(cb: ReplyCallback, reply: Buffer): void {
  cb(reply, 0, reply.length, null);
}

/** Redis's own errors pass through; connection trouble becomes a failure. */
function failWith(cb: ReplyCallback, err: unknown): void {
  if (isReplyError(err)) deliver(cb, resp.error(err.message));
  else cb(null, 0, 0, err instanceof Error ? err.message : String(err));
}

function encode(value: unknown, statusCommand: boolean): Buffer {
  if (
    statusCommand &&
    Buffer.isBuffer(value) &&
    value.length <= 6 &&
    /^(OK|PONG|QUEUED|string|hash|list|set|zset|none|stream)$/.test(value.toString('latin1'))
  ) {
    return resp.status(value.toString('latin1'));
  }
  return resp.value(value as resp.ReplyValue);
}
