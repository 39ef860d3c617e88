/**
 * Dedicated backend connections for blocked clients (issue 13 §3). A blocking command would
 * stall every request behind it on a shared pipelined connection, so each blocked client gets
 * a connection of its own, from a pool bounded per instance. A connection goes back to the
 * idle list only after a complete reply; one abandoned mid-block is closed (Redis then drops
 * the blocked client), so nothing leaks.
 */
import type { TInstance } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import { parseInteger } from '../resp/reply-scanner.ts';
import { dataConnectionOptions, dataCredentials } from '../upstream/credentials.ts';
import { RawConnection } from '../upstream/raw-connection.ts';

export interface BlockingConn {
  readonly conn: RawConnection;
  readonly key: string;
  /** The RESP version the connection speaks (the blocked session's). */
  readonly protocol: 2 | 3;
  /** The backend's CLIENT ID for this connection (CLIENT UNBLOCK), null until known. */
  backendId: number | null;
  /** Settles when the CLIENT ID sent before the current command is answered (or fails). */
  identified?: Promise<void>;
}

interface InstancePool {
  /** Idle connections by protocol: [RESP2, RESP3]. */
  idle: [BlockingConn[], BlockingConn[]];
  busy: number;
}

export interface BlockingPoolOptions {
  /** Blocked clients per instance in this worker. */
  maxPerInstance: number;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxReplyBytes?: number | undefined;
  /** Counts a reply cut at `maxReplyBytes` (the worker's `reply_bytes` cap, as for pooled sends). */
  onReplyCut?: (() => void) | undefined;
}

/** Idle connections kept per instance for the next blocking command. */
const MAX_IDLE = 8;
const CLIENT_ID = resp.command(['CLIENT', 'ID']);
/** Longest timer Node accepts; `0` (block forever) maps to this, checked every quarter. */
export const FOREVER_MS = 2 ** 31 - 1;

/** A blocked client's command, as CLIENT UNBLOCK and config swaps see it (run-blocking.ts). */
export interface Blocked {
  readonly caller: string;
  unblock(mode: 'TIMEOUT' | 'ERROR', cb: (reply: Buffer) => void): void;
  onSwap(): void;
  /**
   * The server the command was sent to and its backend client id, once the CLIENT ID pipelined
   * before the command is answered (INFO blocked_clients); null when it is not blocking there.
   */
  backend(): Promise<{ server: TInstance; id: number } | null>;
}

export class BlockingPool {
  private readonly pools = new Map<string, InstancePool>();
  /** Blocked commands by client session id. */
  readonly blocked = new Map<number, Blocked>();

  constructor(readonly options: BlockingPoolOptions) {}

  /**
   * A connection for one blocked client, or 'limit' when the instance's bound is reached. It
   * speaks the client's protocol (HELLO 3 on connect for a RESP3 session), so the backend's
   * reply is passed on as is: BZPOPMIN's score is a double, XREAD's reply a map, in RESP3.
   */
  acquire(instance: TInstance, protocol: 2 | 3): BlockingConn | 'limit' {
    // The bound is per instance whatever the protocol; idle lists are per protocol.
    const key = poolKey(instance);
    let pool = this.pools.get(key);
    if (pool === undefined) this.pools.set(key, (pool = { idle: [[], []], busy: 0 }));
    if (pool.busy >= this.options.maxPerInstance) return 'limit';
    pool.busy++;
    return pool.idle[protocol - 2]!.pop() ?? this.open(instance, key, protocol);
  }

  /** After a complete reply the connection is reused; else (aborted, failed) it is closed. */
  release(bc: BlockingConn, reusable: boolean): void {
    const pool = this.pools.get(bc.key);
    if (pool !== undefined) pool.busy--;
    const idle = pool?.idle[bc.protocol - 2];
    if (reusable && idle !== undefined && idle.length < MAX_IDLE) idle.push(bc);
    else bc.conn.close();
    if (pool !== undefined && pool.busy === 0 && idleCount(pool) === 0) this.pools.delete(bc.key);
  }

  /** Connections in use, across instances (metrics, tests). */
  get busy(): number {
    let n = 0;
    for (const p of this.pools.values()) n += p.busy;
    return n;
  }

  /** Idle connections of instances whose address or credentials changed are closed; blocks re-route. */
  retain(instances: ReadonlyMap<string, TInstance>): void {
    for (const b of this.blocked.values()) b.onSwap();
    const wanted = new Set([...instances.values()].map(poolKey));
    for (const [key, pool] of this.pools) {
      if (wanted.has(key)) continue;
      for (const bc of pool.idle.flat()) bc.conn.close();
      pool.idle = [[], []];
      if (pool.busy === 0) this.pools.delete(key);
    }
  }

  close(): void {
    for (const pool of this.pools.values()) for (const bc of pool.idle.flat()) bc.conn.close();
    this.pools.clear();
  }

  private open(instance: TInstance, key: string, protocol: 2 | 3): BlockingConn {
    const conn = new RawConnection(
      dataConnectionOptions(instance, instance.addresses[0]!, { ...this.options, protocol }),
    );
    return { conn, key, protocol, backendId: null };
  }

  /**
   * CLIENT ID, pipelined right before each blocking command: a pooled connection may have
   * reconnected since (a new backend client), and CLIENT UNBLOCK needs the current id.
   */
  identify(bc: BlockingConn): void {
    bc.backendId = null;
    bc.identified = new Promise((resolve) =>
      bc.conn.send(CLIENT_ID, (buf, start, end) => {
        if (buf !== null && buf[start] === 0x3a) bc.backendId = parseInteger(buf, start + 1, end - 2);
        resolve();
      }),
    );
  }
}

function idleCount(pool: InstancePool): number {
  return pool.idle[0].length + pool.idle[1].length;
}

export function poolKey(instance: TInstance): string {
  const a = instance.addresses[0]!;
  const { username, password } = dataCredentials(instance);
  return `${instance.name}|${instance.kind}|${a.host}:${a.port}|${username ?? ''}|${password ?? ''}`;
}
