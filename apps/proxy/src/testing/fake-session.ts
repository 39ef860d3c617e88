/**
 * Unit-test doubles for the pipeline (used only by `*.test.ts`): a ClientSession without a
 * socket that records its replies in slot order (the ReplyPort a real session implements),
 * and a worker context whose Upstream answers from a script instead of a backend.
 */
import net from 'node:net';
import {
  DEMO_INSTANCES,
  demoSnapshot,
  type CompiledCaller,
  type CompiledConfig,
  type TConfigSnapshotInput,
} from '@switchyard/core';
import { SecretVerifier } from '../auth/secret-hash.ts';
import { BlockingPool } from '../blocking/blocking-pool.ts';
import { activate, ConfigHolder } from '../config-poller/active-config.ts';
import { parseProxyEnv } from '../env.ts';
import { ScriptBudget } from '../protections/script-budget.ts';
import { SubscriberBudget } from '../pubsub/subscriber-budget.ts';
import { Command } from '../resp/command.ts';
import { CallerConnections } from '../session/connection-caps.ts';
import type { ProxyContext } from '../session/context.ts';
import type { ClientSession, QueuedCommand, Slot } from '../session/port.ts';
import { silentLogger } from '../telemetry/log.ts';
import { ProxyStats } from '../telemetry/stats.ts';
import { AdminLinks } from '../upstream/admin-link.ts';
import { Upstream, type ReplySink } from '../upstream/upstream.ts';
import { guardOptions, proxySettings } from '../worker.ts';
import { Guard } from '../worker-state.ts';

/** A syntactically valid scrypt hash: these tests never verify a secret. */
const UNUSED_HASH = 'scrypt$2$1$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==';

export interface SentRequest {
  instance: string;
  args: string[];
  answer(reply: Buffer): void;
}

/** An Upstream that records each request; `reply` answers at once, or null leaves it pending. */
export class ScriptedUpstream extends Upstream {
  readonly sent: SentRequest[] = [];

  constructor(public reply: (args: string[], instance: string) => Buffer | null = () => Buffer.from('+OK\r\n')) {
    super({ timeoutMs: 1000, connectTimeoutMs: 1000, connectionsPerAddress: 1 });
  }

  override send(_cfg: CompiledConfig, instance: string, command: Command, _replica: boolean, cb: ReplySink): void {
    const args = command.args().map((a) => a.toString());
    const answer = (reply: Buffer): void => cb(reply, 0, reply.length);
    this.sent.push({ instance, args, answer });
    const now = this.reply(args, instance);
    if (now !== null) answer(now);
  }
}

export interface FakeWorker {
  ctx: ProxyContext;
  upstream: ScriptedUpstream;
  cfg: CompiledConfig;
  caller: CompiledCaller;
  close(): void;
}

/** A worker context on the demo config (edited by `edit`), with no sockets and no backends. */
export function fakeWorker(edit: (s: TConfigSnapshotInput) => void = () => undefined): FakeWorker {
  const env = parseProxyEnv({});
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, 1]));
  const snapshot = demoSnapshot({ host: '127.0.0.1', ports }, UNUSED_HASH);
  edit(snapshot);
  const holder = new ConfigHolder();
  holder.swap(activate({ version: 1, hash: 'unit', publishedAt: new Date().toISOString(), snapshot }));
  const upstream = new ScriptedUpstream();
  const stats = new ProxyStats();
  const guard = new Guard(guardOptions(env, silentLogger));
  const ctx: ProxyContext = {
    holder,
    stats,
    upstream,
    guard,
    log: silentLogger,
    verifier: new SecretVerifier({
      maxFailures: env.PROXY_AUTH_MAX_FAILURES,
      windowMs: env.PROXY_AUTH_FAILURE_WINDOW_MS,
    }),
    settings: proxySettings(env),
    callerConnections: new CallerConnections(),
    scripts: new ScriptBudget(0, upstream, stats, silentLogger),
    blocking: new BlockingPool({ timeoutMs: 1000, connectTimeoutMs: 1000, maxPerInstance: 1 }),
    admin: new AdminLinks({ timeoutMs: 1000, connectTimeoutMs: 1000 }),
    pubsub: new SubscriberBudget(1),
    onSecondaryWriteFailure: () => undefined,
    onPrimaryWriteFailure: () => undefined,
  };
  const cfg = holder.current!.compiled;
  return { ctx, upstream, cfg, caller: cfg.callers.get('demo')!, close: () => guard.close() };
}

let nextId = 1;

/** A session whose replies stay in memory, in request order, as the socket would get them. */
export class FakeSession implements ClientSession {
  readonly id = nextId++;
  readonly socket = new net.Socket();
  readonly openedAt = Date.now();
  caller: string | null = null;
  callerMemo: ClientSession['callerMemo'] = { cfg: null, name: null, caller: null };
  clientName: Buffer | null = null;
  protocol: 2 | 3 = 2;
  readonly executor: ProxyContext;
  readonly peers = new Set<ClientSession>();
  replyMode: 'on' | 'off' | 'skip' = 'on';
  lastCommand = 'NULL';
  lastActive = 0;
  tx: { queued: QueuedCommand[]; dirty: boolean } | null = null;
  watch: ClientSession['watch'] = null;
  blocked: ClientSession['blocked'] = null;
  pubsub: ClientSession['pubsub'] = null;
  closed = false;
  holds = 0;
  private readonly slots: Slot[] = [];

  constructor(
    readonly ctx: ProxyContext,
    caller: string | null = 'demo',
  ) {
    this.executor = ctx;
    this.caller = caller;
  }

  /** Replies the client would have read so far: filled slots up to the first pending one. */
  get written(): string[] {
    const out: string[] = [];
    for (const s of this.slots) {
      if (s.buf === null) break;
      out.push(s.buf.toString('latin1', s.start, s.end));
    }
    return out;
  }

  get outstanding(): number {
    return this.slots.filter((s) => s.buf === null).length;
  }

  reply(buf: Buffer): void {
    this.slots.push({ buf, start: 0, end: buf.length, mute: false });
  }

  reserve(): Slot {
    const slot: Slot = { buf: null, start: 0, end: 0, mute: false };
    this.slots.push(slot);
    return slot;
  }

  fill(slot: Slot, buf: Buffer, start: number, end: number): void {
    Object.assign(slot, { buf, start, end });
  }

  fillWhole(slot: Slot, reply: Buffer): void {
    this.fill(slot, reply, 0, reply.length);
  }

  push(buf: Buffer): void {
    this.reply(buf);
  }

  reservePush(): Slot {
    return this.reserve();
  }

  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
  }

  closeAfterFlush(): void {
    this.closed = true;
  }

  setCaller(name: string | null): boolean {
    this.caller = name;
    return true;
  }

  replyOn(): void {
    this.replyMode = 'on';
  }

  setProtocol(protocol: 2 | 3): void {
    this.protocol = protocol;
  }
}

/** A decoded request, as the session's decoder hands it to dispatch. */
export const cmd = (...args: string[]): Command => Command.fromArgs(args);
