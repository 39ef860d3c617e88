/**
 * Backend connections by instance. Pools are keyed by instance name + kind + addresses +
 * password, created lazily on first use and closed when a new config no longer has them,
 * so a failover (a new config object) moves traffic without touching client connections.
 */
import type { CompiledConfig, TInstance } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { coarseNow } from './coarse-clock.ts';
import { REFUSED, type Admission, type Breakers, type CircuitBreaker } from './circuit-breaker.ts';
import type { Command } from '../resp/command.ts';
import type { Logger } from '../telemetry/log.ts';
import * as resp from '../resp/encode.ts';
import { applyScope, scopeOf, scopePassword, type CallerScope } from './caller-users.ts';
import { DataUserHealer } from './data-user-healer.ts';
import { ClusterBackend } from './cluster-backend.ts';
import { dataConnectionOptions, dataCredentials } from './credentials.ts';
import { RawConnection, type RawConnectionOptions, type ReplyCallback } from './raw-connection.ts';

export interface UpstreamOptions {
  timeoutMs: number;
  connectTimeoutMs: number;
  /** Pipelined connections per standalone address. */
  connectionsPerAddress: number;
  /** Circuit breakers per instance (DESIGN §8); absent = none. */
  breakers?: Breakers | undefined;
  /** Issue 14: replies over this are cut (raw-connection.ts); `onReplyCut` counts them. */
  maxReplyBytes?: number | undefined;
  onReplyCut?: (() => void) | undefined;
  /** WATCH-pinned connections this worker may hold at once. */
  maxDedicated?: number | undefined;
  /** Where a re-created data user (issue 14) is reported; absent = silent. */
  log?: Logger | undefined;
  /** The protocol every connection of these pools speaks (raw-connection.ts); default 2. */
  protocol?: 2 | 3 | undefined;
}

/** Gets a reply as the byte range buf[start, end); backend failures arrive as error replies. */
export type ReplySink = (buf: Buffer, start: number, end: number) => void;

/** A contained caller's script connection to one instance, usable once its ACL user is applied. */
interface ScopedBackend {
  conn: RawConnection;
  ready: Promise<void>;
  ok: boolean;
}

type Backend = (
  { kind: 'standalone'; conns: RawConnection[]; next: number } | { kind: 'cluster'; cluster: ClusterBackend }
) & { breaker: CircuitBreaker | null };

const MULTI = resp.command(['MULTI']);
const EXEC = resp.command(['EXEC']);
const SCRIPT_KILL = resp.command(['SCRIPT', 'KILL']);
/** A running function (FCALL/FCALL_RO) is stopped by FUNCTION KILL; SCRIPT KILL answers NOTBUSY to it. */
const FUNCTION_KILL = resp.command(['FUNCTION', 'KILL']);

export class Upstream {
  private readonly backends = new Map<string, Backend>();
  /** Per instance object (one per config version): skips building the pool key per command. */
  private readonly byInstance = new WeakMap<TInstance, Backend>();
  private readonly byInstanceReplica = new WeakMap<TInstance, Backend>();
  /**
   * The last send's backend (consecutive requests mostly go to the same instance), as fields:
   * sends alternating between instances (splits, dual writes) allocate nothing.
   */
  private lastCfg: CompiledConfig | null = null;
  private lastName = '';
  private lastReplica = false;
  private lastBackend: Backend | null = null;
  private readonly scoped = new Map<string, ScopedBackend>();
  private readonly healer: DataUserHealer;
  /** Pools for RESP3 clients (HELLO 3), created on first use; retain/close/size cover them. */
  private resp3Pools: Upstream | null = null;

  /** @param parent the RESP2 Upstream whose resp3() this is (the WATCH bound is per worker). */
  constructor(
    private readonly options: UpstreamOptions,
    private readonly parent: Upstream | null = null,
  ) {
    this.healer = new DataUserHealer(options.connectTimeoutMs, options.log);
  }

  /**
   * The pools whose connections speak RESP3, for sessions that chose it with HELLO 3: the
   * backend then produces the RESP3 reply (maps, sets, doubles, ...) the client expects,
   * and the proxy still forwards raw bytes. Cluster instances (through ioredis) stay RESP2.
   */
  resp3(): Upstream {
    if (this.options.protocol === 3) return this;
    this.resp3Pools ??= new Upstream({ ...this.options, protocol: 3 }, this);
    return this.resp3Pools;
  }

  /** Sends one request to an instance (or one of its replicas); `cb` gets the raw reply bytes. */
  send(cfg: CompiledConfig, instanceName: string, command: Command, replica: boolean, cb: ReplySink): void {
    let backend = this.lastBackend;
    if (backend === null || this.lastCfg !== cfg || this.lastName !== instanceName || this.lastReplica !== replica) {
      const instance = cfg.instances.get(instanceName);
      if (instance === undefined) return whole(cb, errorReply('NO_INSTANCE', instanceName));
      backend = this.backend(instance, replica);
      this.lastCfg = cfg;
      this.lastName = instanceName;
      this.lastReplica = replica;
      this.lastBackend = backend;
    }
    const done = backend.breaker === null ? replyOrError(instanceName, cb) : guarded(backend.breaker, instanceName, cb);
    if (done === null) return whole(cb, errorReply('CIRCUIT_OPEN', instanceName));
    if (backend.kind === 'cluster') return backend.cluster.send(command.args(), done);
    pick(backend).sendRange(command.buf, command.start, command.end, done);
  }

  /**
   * A script of a contained caller (caller-users.ts): sent as the caller's own ACL user, on a
   * connection per (instance, caller). Cluster instances have no per-caller users: their
   * scripts run as the shared data user (only the declared keys are checked there).
   */
  sendScoped(cfg: CompiledConfig, instanceName: string, scope: CallerScope, command: Command, cb: ReplySink): void {
    const instance = cfg.instances.get(instanceName);
    if (instance === undefined) return whole(cb, errorReply('NO_INSTANCE', instanceName));
    if (instance.kind !== 'standalone') return this.send(cfg, instanceName, command, false, cb);
    // Planning refuses these already; never let a script through as the admin (no AUTH at all).
    if (instance.dataUser === undefined) return whole(cb, errorReply('NO_DATA_USER', instanceName));
    const breaker = this.backend(instance, false).breaker;
    const done = breaker === null ? replyOrError(instanceName, cb) : guarded(breaker, instanceName, cb);
    if (done === null) return whole(cb, errorReply('CIRCUIT_OPEN', instanceName));
    const key = scopedKey(instance, scope);
    let entry = this.scoped.get(key);
    if (entry === undefined) entry = this.openScoped(key, instance, scope);
    const e = entry;
    if (e.ok) return e.conn.sendRange(command.buf, command.start, command.end, done);
    // The first requests wait for ACL SETUSER; promise reactions keep their order.
    e.ready.then(
      () => e.conn.sendRange(command.buf, command.start, command.end, done),
      (err: Error) => done(null, 0, 0, `cannot set up the script user '${scope.username}': ${err.message}`),
    );
  }

  private openScoped(key: string, instance: TInstance, scope: CallerScope): ScopedBackend {
    const a = instance.addresses[0]!;
    const conn = new RawConnection({
      ...this.connectionOptions(instance, a),
      username: scope.username,
      password: scopePassword(instance, scope),
    });
    const entry: ScopedBackend = { conn, ok: false, ready: Promise.resolve() };
    entry.ready = applyScope(instance, a.host, a.port, scope, this.options.connectTimeoutMs).then(
      () => {
        entry.ok = true;
      },
      (err: unknown) => {
        // Retried by the next script: the instance may be back, or the admin password fixed.
        this.scoped.delete(key);
        conn.close();
        throw err;
      },
    );
    // Every waiting send handles the failure; this keeps a rejection without waiters from being unhandled.
    entry.ready.catch(() => undefined);
    this.scoped.set(key, entry);
    return entry;
  }

  /** MULTI, the queued commands and EXEC on one connection; `cb` gets the EXEC reply. */
  transaction(
    cfg: CompiledConfig,
    instanceName: string,
    commands: readonly Command[],
    cb: ReplySink,
    via?: RawConnection,
  ): void {
    const instance = cfg.instances.get(instanceName);
    if (instance === undefined) return whole(cb, errorReply('NO_INSTANCE', instanceName));
    const backend = via ? null : this.backend(instance, false);
    const done =
      backend === null || backend.breaker === null
        ? replyOrError(instanceName, cb)
        : guarded(backend.breaker, instanceName, cb);
    if (done === null) return whole(cb, errorReply('CIRCUIT_OPEN', instanceName));
    if (backend?.kind === 'cluster')
      return backend.cluster.transaction(
        commands.map((c) => c.args()),
        done,
      );
    const conn = via ?? pick(backend as Extract<Backend, { kind: 'standalone' }>);
    // Sent back to back in one tick, so no other client's command lands inside the MULTI.
    let failed: Buffer | null = null;
    const note: ReplyCallback = (buf, _s, _e, failure) => {
      if (failed === null && buf === null)
        failed =
          failure === 'timeout'
            ? errorReply('BACKEND_TIMEOUT', instanceName)
            : errorReply('BACKEND_DOWN', instanceName, failure ?? 'no reply');
    };
    conn.send(MULTI, note);
    for (const c of commands) conn.sendRange(c.buf, c.start, c.end, note);
    conn.send(EXEC, (buf, start, end, failure) =>
      failed !== null ? whole(cb, failed) : done(buf, start, end, failure),
    );
  }

  /** Open dedicated (WATCH) connections, bounded by maxDedicated. */
  private ownDedicated = 0;

  get dedicatedOpen(): number {
    return this.ownDedicated + (this.resp3Pools?.dedicatedOpen ?? 0);
  }

  /**
   * SCRIPT KILL on the instance (every master of a cluster) for the runaway-script budget, on
   * connections of its own; `cb` gets one reply line per server (`+OK`, `-NOTBUSY ...`, ...).
   * Not counted against maxDedicated: a kill must never wait for a WATCH slot.
   */
  killScripts(
    cfg: CompiledConfig,
    instanceName: string,
    cb: (replies: string[]) => void,
    what: 'SCRIPT' | 'FUNCTION' = 'SCRIPT',
  ): void {
    const instance = cfg.instances.get(instanceName);
    if (instance === undefined) return cb([`-no instance '${instanceName}'`]);
    const backend = this.backend(instance, false);
    if (backend.kind === 'cluster') {
      void backend.cluster.killScripts(what).then(cb);
      return;
    }
    const conn = new RawConnection(this.connectionOptions(instance, instance.addresses[0]!));
    conn.send(what === 'FUNCTION' ? FUNCTION_KILL : SCRIPT_KILL, (buf, start, end, failure) => {
      conn.close();
      cb([buf === null ? `-${failure ?? 'no reply'}` : buf.toString('utf8', start, end).trim()]);
    });
  }

  /**
   * A connection of its own (for WATCH, which is connection state); the caller closes it.
   * 'limit' when maxDedicated are already open: each one is a backend client.
   */
  dedicated(cfg: CompiledConfig, instanceName: string): RawConnection | null | 'limit' {
    const instance = cfg.instances.get(instanceName);
    if (instance === undefined || instance.kind !== 'standalone') return null;
    if ((this.parent ?? this).dedicatedOpen >= (this.options.maxDedicated ?? Infinity)) return 'limit';
    const a = instance.addresses[0]!;
    this.ownDedicated++;
    return new RawConnection({ ...this.connectionOptions(instance, a), onClosed: () => this.ownDedicated-- });
  }

  /** Data credentials (issue 14's managed user) plus the reply cap, for any backend connection. */
  private connectionOptions(instance: TInstance, a: { host: string; port: number }): RawConnectionOptions {
    return dataConnectionOptions(instance, a, this.options);
  }

  /** Closes backends that the new config no longer names (or names with other addresses). */
  retain(cfg: CompiledConfig): string[] {
    const wanted = new Set<string>();
    for (const instance of cfg.instances.values()) {
      wanted.add(poolKey(instance, false));
      wanted.add(poolKey(instance, true));
    }
    const closed: string[] = this.resp3Pools?.retain(cfg).map((key) => `${key}|resp3`) ?? [];
    this.retainScoped(cfg);
    for (const [key, backend] of this.backends) {
      if (wanted.has(key)) continue;
      this.backends.delete(key);
      // Requests already sent keep their connection until they are answered or time out.
      setTimeout(() => closeBackend(backend), this.options.timeoutMs + 1000).unref();
      closed.push(key);
    }
    return closed;
  }

  /** Script connections of callers or instances the new config no longer has (or has differently). */
  private retainScoped(cfg: CompiledConfig): void {
    const instances = [...cfg.instances.values()].filter((i) => i.kind === 'standalone');
    const wanted = new Set<string>();
    for (const caller of cfg.callers.values()) {
      const scope = scopeOf(cfg, caller);
      if (scope !== null) for (const i of instances) wanted.add(scopedKey(i, scope));
    }
    for (const [key, entry] of this.scoped) {
      if (wanted.has(key)) continue;
      this.scoped.delete(key);
      setTimeout(() => entry.conn.close(), this.options.timeoutMs + 1000).unref();
    }
  }

  get size(): number {
    return this.backends.size + (this.resp3Pools?.size ?? 0);
  }

  close(): void {
    this.resp3Pools?.close();
    for (const backend of this.backends.values()) closeBackend(backend);
    this.backends.clear();
    for (const entry of this.scoped.values()) entry.conn.close();
    this.scoped.clear();
  }

  private backend(instance: TInstance, replica: boolean): Backend {
    const memo = replica ? this.byInstanceReplica : this.byInstance;
    let backend = memo.get(instance);
    if (backend === undefined) {
      backend = this.lookup(instance, replica);
      memo.set(instance, backend);
    }
    return backend;
  }

  private lookup(instance: TInstance, replica: boolean): Backend {
    const useReplica = replica && instance.kind === 'standalone' && instance.replicas.length > 0;
    const key = poolKey(instance, useReplica);
    let backend = this.backends.get(key);
    if (backend === undefined) {
      backend = this.create(instance, useReplica);
      this.backends.set(key, backend);
    }
    return backend;
  }

  private create(instance: TInstance, replica: boolean): Backend {
    const { timeoutMs, connectTimeoutMs } = this.options;
    const breaker = this.options.breakers?.get(replica ? `${instance.name}/replica` : instance.name) ?? null;
    if (instance.kind === 'cluster')
      return { kind: 'cluster', cluster: new ClusterBackend(instance, { timeoutMs, connectTimeoutMs }), breaker };
    const addresses = replica ? instance.replicas : instance.addresses.slice(0, 1);
    const conns: RawConnection[] = [];
    // Replicas: one connection per replica per slot, round-robin spreads reads across them.
    for (let i = 0; i < this.options.connectionsPerAddress; i++) {
      for (const a of addresses) {
        const onAuthRefused =
          instance.dataUser === undefined ? undefined : () => this.healer.heal(instance, a.host, a.port);
        conns.push(new RawConnection({ ...this.connectionOptions(instance, a), onAuthRefused }));
      }
    }
    return { kind: 'standalone', conns, next: 0, breaker };
  }
}

function pick(backend: Extract<Backend, { kind: 'standalone' }>): RawConnection {
  const conn = backend.conns[backend.next]!;
  backend.next = (backend.next + 1) % backend.conns.length;
  return conn;
}

function poolKey(instance: TInstance, replica: boolean): string {
  const addresses = replica ? instance.replicas : instance.addresses;
  const { username, password } = dataCredentials(instance);
  return `${instance.name}|${instance.kind}|${replica ? 'replica' : 'primary'}|${addresses.map((a) => `${a.host}:${a.port}`).join(',')}|${username ?? ''}|${password ?? ''}`;
}

function scopedKey(instance: TInstance, scope: CallerScope): string {
  return `${poolKey(instance, false)}|as:${scope.username}|${scope.patterns.join(',')}|${scope.commands?.join(',') ?? '*'}`;
}

function closeBackend(backend: Backend): void {
  if (backend.kind === 'cluster') backend.cluster.close();
  else for (const c of backend.conns) c.close();
}

export function whole(cb: ReplySink, reply: Buffer): void {
  cb(reply, 0, reply.length);
}

/**
 * Like replyOrError, through the instance's breaker: null when the breaker refuses the call
 * (fail fast), else a callback that records the outcome (no answer = failure) and latency.
 */
function guarded(breaker: CircuitBreaker, instance: string, cb: ReplySink): ReplyCallback | null {
  const t0 = coarseNow();
  const admission: Admission = breaker.admit(t0);
  if (admission === REFUSED) return null;
  return (buf, start, end, failure) => {
    const t1 = coarseNow();
    breaker.record(admission, buf === null, t1 - t0, t1);
    if (buf !== null) cb(buf, start, end);
    else whole(cb, failureReply(instance, failure));
  };
}

/** What the client gets for a request its backend never answered. */
function failureReply(instance: string, failure: string | null): Buffer {
  return failure === 'timeout'
    ? errorReply('BACKEND_TIMEOUT', instance)
    : errorReply('BACKEND_DOWN', instance, failure ?? 'no reply');
}

function replyOrError(instance: string, cb: ReplySink): ReplyCallback {
  return (buf, start, end, failure) => {
    if (buf !== null) cb(buf, start, end);
    else whole(cb, failureReply(instance, failure));
  };
}
