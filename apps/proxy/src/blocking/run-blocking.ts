/**
 * Runs a blocking command (BLPOP ... XREADGROUP BLOCK) on a dedicated backend connection. The
 * client session is held while it waits, as Redis processes nothing else for a blocked client.
 * On a config swap that moves the keys (failover, migration cutover) the backend block is
 * ended with CLIENT UNBLOCK ... TIMEOUT and, if it ended empty, re-issued on the new instance
 * with the time left; a backend that dies mid-block is treated the same way.
 */
import type { CompiledCaller, CompiledConfig, TInstance } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { guardedSend } from '../upstream/send.ts';
import { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { arrayElements } from '../resp/reply-scanner.ts';
import { decide, type KeyRouting } from '../routing/plan.ts';
import type { AdmittedRun, ClientSession, Slot } from '../session/port.ts';
import { blockingShape, type BlockingShape } from './blocking-keys.ts';

/** CLIENT UNBLOCK's wait for a backend that has not started blocking yet: up to 2 s. */
const UNBLOCK_RETRIES = 200;
const UNBLOCK_RETRY_MS = 10;
import { FOREVER_MS, poolKey, type Blocked, type BlockingConn } from './blocking-pool.ts';

export const runBlocking: AdmittedRun = (session, cfg, caller, spec, command) => {
  const name = spec.name;
  const shape = blockingShape(name, command);
  if (typeof shape === 'string') return session.reply(resp.error(shape));
  // XREAD's streams are not in the command table's key spec, so the key cap is checked here.
  const maxKeys = session.ctx.settings.caps.maxKeysPerRequest;
  if (shape.keys.length > maxKeys) {
    session.ctx.stats.caps.note('keys');
    return session.reply(errorReply('CAP_KEYS', name, shape.keys.length, maxKeys));
  }
  const target = blockingTarget(cfg, caller, shape, command);
  if (Buffer.isBuffer(target)) return session.reply(target);
  if (shape.blockMs === null) {
    // XREAD / XREADGROUP without BLOCK answer at once: the shared pipelined pool serves them.
    const route = shape.write ? target.write : target.read;
    return guardedSend(
      session,
      cfg,
      caller.name,
      spec,
      { kind: 'forward', route, decision: target.decision, key: command.text(shape.keys[0]!) },
      command,
      null,
    );
  }
  new BlockedCommand(session, caller.name, name, command, shape).start(cfg, target.write.targets[0]!);
};

/** The one instance every key routes to, or an error reply (permissions, CROSSSLOT, dual write). */
function blockingTarget(
  cfg: CompiledConfig,
  caller: CompiledCaller,
  shape: BlockingShape,
  command: Command,
): KeyRouting | Buffer {
  let first: KeyRouting | null = null;
  for (const at of shape.keys) {
    const k = decide(cfg, command.text(at));
    if (Buffer.isBuffer(k)) return k;
    if (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType))
      return errorReply('NOPERM_KEY_TYPE', caller.name, k.decision.keyType);
    // A pop on one side of a dual write would leave the other side with the element.
    if (shape.write && k.write.targets.length > 1) return errorReply('BLOCKING_DUAL_WRITE', command.latin1(0));
    if (first === null) first = k;
    else if (first.write.targets[0] !== k.write.targets[0]) return errorReply('CROSSSLOT');
  }
  return first!;
}

/**
 * Where the keys route in `cfg` now: an instance name, or an error reply when they no longer
 * route anywhere, or a migration put them under dual write (a pop on one side only would
 * leave the element on the other).
 */
function currentTarget(cfg: CompiledConfig, command: Command, shape: BlockingShape): string | Buffer {
  const k = decide(cfg, command.text(shape.keys[0]!));
  if (Buffer.isBuffer(k)) return k;
  if (shape.write && k.write.targets.length > 1) return errorReply('BLOCKING_DUAL_WRITE', command.latin1(0));
  return k.write.targets[0]!;
}

const isNullReply = (buf: Buffer, start: number): boolean =>
  ((buf[start] === 0x2a || buf[start] === 0x24) && buf[start + 1] === 0x2d) || buf[start] === 0x5f;

class BlockedCommand implements Blocked {
  private readonly slot: Slot;
  private bc: BlockingConn | null = null;
  private instanceKey = '';
  private instance = '';
  /** The instance object the block was sent to (a failover may give its name new addresses). */
  private target: TInstance | null = null;
  /** Absolute end of the block (ms since epoch), 0 = forever. */
  private readonly deadline: number;
  /** A swap moved the keys: an empty reply re-issues the block on the new instance. */
  private moving = false;
  private done = false;

  constructor(
    private readonly session: ClientSession,
    readonly caller: string,
    private readonly name: string,
    private command: Command,
    private readonly shape: BlockingShape,
  ) {
    const ms = shape.blockMs!;
    this.deadline = ms > 0 ? Date.now() + ms : 0;
    this.slot = session.reserve();
    session.hold();
    session.blocked = this;
  }

  start(cfg: CompiledConfig, instanceName: string): void {
    const instance = cfg.instances.get(instanceName);
    if (instance === undefined) return this.finish(errorReply('NO_INSTANCE', instanceName));
    if (instance.kind === 'standalone') return this.startOn(instance, instanceName, instance);
    // A cluster: block on the master owning the key's slot (the backend answers CROSSSLOT for keys of several slots).
    clusterOwner(this.session, instance, this.command.arg(this.shape.keys[0]!), (node) => {
      if (this.done) return;
      if (Buffer.isBuffer(node)) return this.finish(node);
      this.startOn(node, instanceName, instance);
    });
  }

  /** Sends the command on a dedicated connection to `server` (the instance, or a cluster's slot owner). */
  private startOn(server: TInstance, instanceName: string, instance: TInstance): void {
    const ctx = this.session.ctx;
    const bc = ctx.blocking.acquire(server, this.session.protocol);
    if (bc === 'limit') {
      ctx.stats.caps.note('blocking_connections');
      return this.finish(errorReply('BLOCKING_LIMIT', instanceName, ctx.blocking.options.maxPerInstance));
    }
    this.bc = bc;
    this.instance = instanceName;
    this.target = server;
    this.instanceKey = poolKey(instance);
    this.moving = false;
    ctx.blocking.blocked.set(this.session.id, this);
    const backendMs = ctx.blocking.options.timeoutMs;
    const blockMs = Number.isNaN(this.shape.blockMs) ? 0 : this.shape.blockMs!;
    // The connection's stall timeout must outlast the block itself (set per command: pooled connections are reused).
    bc.conn.options.timeoutMs = blockMs === 0 ? FOREVER_MS : Math.min(FOREVER_MS, blockMs + backendMs);
    ctx.blocking.identify(bc);
    bc.conn.sendRange(this.command.buf, this.command.start, this.command.end, (buf, start, end, failure) => {
      if (this.bc !== bc) return; // an abandoned connection's late callback
      ctx.blocking.blocked.delete(this.session.id);
      this.bc = null;
      if (this.done) return ctx.blocking.release(bc, false);
      ctx.blocking.release(bc, buf !== null);
      if (buf === null)
        return this.moving || failure !== 'timeout'
          ? this.retry(failure ?? 'no reply')
          : this.finish(errorReply('BACKEND_TIMEOUT', instanceName));
      if (this.moving && isNullReply(buf, start)) return this.retry(null);
      this.finish(buf.subarray(start, end));
    });
  }

  /** The block ended without an answer (a swap moved it, or the backend died): re-issue where the keys route now. */
  private retry(failure: string | null): void {
    const active = this.session.ctx.holder.current;
    const target = active === null ? errorReply('NO_CONFIG') : currentTarget(active.compiled, this.command, this.shape);
    if (Buffer.isBuffer(target)) return this.finish(target);
    if (active === null || (target === this.instance && failure !== null && !this.moving)) {
      return this.finish(failure === null ? this.timeoutReply() : errorReply('BACKEND_DOWN', this.instance, failure));
    }
    const left = this.deadline === 0 ? 0 : this.deadline - Date.now();
    if (this.deadline !== 0 && left <= 0) return this.finish(this.timeoutReply());
    if (this.deadline !== 0) this.command = withTimeout(this.command, this.shape, this.name, left);
    this.start(active.compiled, target);
  }

  private timeoutReply(): Buffer {
    const p = this.session.protocol;
    return this.name === 'BLMOVE' || this.name === 'BRPOPLPUSH' ? resp.nil(p) : resp.nilArray(p);
  }

  /** CLIENT UNBLOCK: Redis ends the backend block, whose reply (null or -UNBLOCKED) reaches the client as usual. */
  unblock(mode: 'TIMEOUT' | 'ERROR', cb: (reply: Buffer) => void, attempt = 0): void {
    const bc = this.bc;
    const instance = this.target;
    if (bc === null || bc.backendId === null || instance === null) return cb(resp.integer(0));
    this.session.ctx.admin.send(
      instance,
      resp.command(['CLIENT', 'UNBLOCK', String(bc.backendId), mode]),
      (buf, start, end) => {
        // :0 while the command is still pending here: the backend has not started blocking yet
        // (the client counts as blocked once the command is sent). Ask again until it has, or
        // until the command's own reply arrives, so an UNBLOCK is never lost to that race.
        const notYet = buf !== null && buf[start] === 0x3a && buf[start + 1] === 0x30 && end - start === 4;
        if (notYet && !this.done && attempt < UNBLOCK_RETRIES) {
          setTimeout(() => this.unblock(mode, cb, attempt + 1), UNBLOCK_RETRY_MS);
          return;
        }
        cb(buf === null || buf[start] === 0x2d ? resp.integer(0) : Buffer.from(buf.subarray(start, end)));
      },
    );
  }

  onSwap(): void {
    const active = this.session.ctx.holder.current;
    if (active === null || this.bc === null || this.moving) return;
    const instance = active.compiled.instances.get(this.instance);
    const target = currentTarget(active.compiled, this.command, this.shape);
    if (target === this.instance && instance !== undefined && poolKey(instance) === this.instanceKey) return;
    this.moving = true;
    const bc = this.bc;
    // Ask the old instance to end the block; if it is unreachable, drop the connection (its element, if any, stays there).
    const old = this.target;
    if (old === null || bc.backendId === null) return bc.conn.close();
    this.session.ctx.admin.send(
      old,
      resp.command(['CLIENT', 'UNBLOCK', String(bc.backendId), 'TIMEOUT']),
      (buf, start) => {
        if (buf === null || buf[start] === 0x2d) bc.conn.close();
      },
    );
  }

  async backend(): Promise<{ server: TInstance; id: number } | null> {
    const [bc, server] = [this.bc, this.target];
    if (bc === null || server === null) return null;
    await bc.identified;
    return bc.backendId === null || this.bc !== bc ? null : { server, id: bc.backendId };
  }

  /** The client went away: Redis forgets a closed client's block, so closing the connection does the same. */
  abort(): void {
    this.done = true;
    this.session.ctx.blocking.blocked.delete(this.session.id);
    this.bc?.conn.close();
  }

  private finish(reply: Buffer): void {
    if (this.done) return;
    this.done = true;
    this.session.ctx.blocking.blocked.delete(this.session.id);
    this.session.blocked = null;
    this.session.fillWhole(this.slot, Buffer.from(reply));
    this.session.release();
  }
}

const CLUSTER_SLOTS = resp.command(['CLUSTER', 'SLOTS']);

/** The master serving `key`'s slot, as a server of its own (CLUSTER KEYSLOT + CLUSTER SLOTS on the admin link). */
function clusterOwner(
  session: ClientSession,
  instance: TInstance,
  key: Buffer,
  cb: (node: TInstance | Buffer) => void,
): void {
  const admin = session.ctx.admin;
  const down = (detail: string): void => cb(errorReply('BACKEND_DOWN', instance.name, detail));
  admin.send(instance, resp.command(['CLUSTER', 'KEYSLOT', key]), (buf, start, end, failure) => {
    if (buf === null || buf[start] !== 0x3a) return down(failure ?? 'CLUSTER KEYSLOT failed');
    const slot = Number(buf.toString('latin1', start + 1, end - 2));
    admin.send(instance, CLUSTER_SLOTS, (b, s, e, f) => {
      if (b === null || b[s] !== 0x2a) return down(f ?? 'CLUSTER SLOTS failed');
      for (const range of arrayElements(Buffer.from(b.subarray(s, e))) ?? []) {
        const [first, last, master] = arrayElements(range) ?? [];
        const int = (x: Buffer | undefined): number =>
          x === undefined ? Number.NaN : Number(x.toString('latin1', 1, x.length - 2));
        if (!(int(first) <= slot && slot <= int(last)) || master === undefined) continue;
        const [host, port] = arrayElements(master) ?? [];
        if (host === undefined || port === undefined) continue;
        const address = { host: host.toString('utf8', host.indexOf(13) + 2, host.length - 2), port: int(port) };
        return cb({
          ...instance,
          kind: 'standalone',
          name: `${instance.name}@${address.host}:${address.port}`,
          addresses: [address],
        });
      }
      down(`no master serves slot ${slot}`);
    });
  });
}

/** The same command with the time left as its timeout (seconds for pops, ms for XREAD BLOCK). */
function withTimeout(command: Command, shape: BlockingShape, name: string, leftMs: number): Command {
  const args = command.args().slice();
  const stream = name === 'XREAD' || name === 'XREADGROUP';
  args[shape.timeoutAt] = Buffer.from(
    stream ? String(Math.max(1, Math.ceil(leftMs))) : (Math.max(1, leftMs) / 1000).toFixed(3),
  );
  return Command.fromArgs(args);
}
