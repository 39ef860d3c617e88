/**
 * How every layer below the socket sees a client connection: types only, so the pipeline,
 * the commands and the send step never import the socket code (session/client-session.ts)
 * that calls them. The session is handed its CommandHandler (pipeline/dispatch.ts) by the
 * worker instead of importing it, which keeps imports pointing down.
 */
import type net from 'node:net';
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import type { Command } from '../resp/command.ts';
import type { CommandSpec } from '../routing/command-table.ts';
import type { Executor } from '../upstream/execute.ts';
import type { RawConnection } from '../upstream/raw-connection.ts';
import type { ProxyContext } from './context.ts';

/** A reply position in the pipeline: buf[start, end), buf null until the backend answers. */
export interface Slot {
  buf: Buffer | null;
  start: number;
  end: number;
  /** Reserved under CLIENT REPLY OFF/SKIP: keeps its place in the order, writes nothing. */
  mute: boolean;
}

export interface QueuedCommand {
  name: string;
  command: Command;
  /** Answered by the proxy itself inside EXEC (PING, ECHO, INFO, ...), not sent to the backend. */
  local?: boolean;
}

/** Where replies go, in request order: all a reply producer needs of a session. */
export interface ReplyPort {
  /** A reply known now; written at once unless earlier replies are still pending. */
  reply(buf: Buffer): void;
  /** Reserves the next reply position for an asynchronous reply. */
  reserve(): Slot;
  fill(slot: Slot, buf: Buffer, start: number, end: number): void;
  fillWhole(slot: Slot, reply: Buffer): void;
  /** `reply`, written even under CLIENT REPLY OFF/SKIP (pub/sub confirmations, as Redis does). */
  push(buf: Buffer): void;
  /** `reserve`, for a reply written even under CLIENT REPLY OFF/SKIP. */
  reservePush(): Slot;
}

/**
 * A command the worker runs itself once admission and the protections passed, with the
 * command's config, caller and table entry (commands/registry.ts `admitted` entries: blocking,
 * pub/sub, SCAN ...).
 */
export type AdmittedRun = (
  session: ClientSession,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  spec: CommandSpec,
  command: Command,
) => void;

/** One client connection's state, as commands and the pipeline read and change it. */
export interface ClientSession extends ReplyPort {
  readonly id: number;
  readonly ctx: ProxyContext;
  readonly socket: net.Socket;
  readonly openedAt: number;
  /** Authenticated caller name, or null; changed only through setCaller. */
  readonly caller: string | null;
  /** The caller's compiled entry in one config object (pipeline/admission.ts callerOf). */
  callerMemo: { cfg: CompiledConfig | null; name: string | null; caller: CompiledCaller | null };
  clientName: Buffer | null;
  /** RESP version chosen with HELLO; changed only through setProtocol. */
  readonly protocol: 2 | 3;
  /** Where forwarded commands go: the worker's RESP2 pools, or its RESP3 ones after HELLO 3. */
  readonly executor: Executor;
  /** The worker's sessions (CLIENT LIST/KILL). */
  readonly peers: ReadonlySet<ClientSession>;
  /** CLIENT REPLY: 'skip' mutes the next command's reply only. */
  replyMode: 'on' | 'off' | 'skip';
  lastCommand: string;
  lastActive: number;
  /** MULTI state: commands queued client-side until EXEC. */
  tx: { queued: QueuedCommand[]; dirty: boolean } | null;
  /** WATCH pins a dedicated backend connection, because WATCH is connection state in Redis. */
  watch: { instance: string; conn: RawConnection } | null;
  /** A blocking command waiting on its dedicated backend connection (blocking/run-blocking.ts). */
  blocked: { abort(): void } | null;
  /** Channel and pattern subscriptions (pubsub/subscriptions.ts); null = not subscribed. */
  pubsub: { readonly count: number; close(): void } | null;
  /** Replies reserved and not yet written. */
  readonly outstanding: number;
  /** Defers dispatch of the following commands until `release` (asynchronous AUTH, blocking). */
  hold(): void;
  release(): void;
  /** Replies to what was already sent, then closes (QUIT, protocol errors, shutdown). */
  closeAfterFlush(): void;
  /** False when the caller already has its maximum of connections in this worker. */
  setCaller(name: string | null): boolean;
  /** CLIENT REPLY ON: its own reply is the first one written again. */
  replyOn(): void;
  setProtocol(protocol: 2 | 3): void;
}

/** What the session calls for each decoded request (pipeline/dispatch.ts in the worker). */
export type CommandHandler = (session: ClientSession, command: Command) => void;
