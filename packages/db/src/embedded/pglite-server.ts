/**
 * A Postgres wire-protocol server in front of one PGlite instance.
 *
 * We do not use @electric-sql/pglite-socket's server: it queues single protocol messages
 * from all connections into one session, so when a client's Parse and Bind arrive in
 * different TCP reads another client's Parse can land in between and the first client
 * executes the wrong statement (reproduced in embedded.int.test.ts). Here a connection owns
 * the session until it is idle outside a transaction (see SessionLock).
 */
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { SessionLock } from './session-lock.ts';
import { CLEARTEXT_PASSWORD_REQUEST, fatalError, passwordMatches, passwordOf, startupParameters } from './wire-auth.ts';
import { nextFrame, readyStatus, SYNC_MESSAGE } from './wire-messages.ts';
import type { Frame } from './wire-messages.ts';
import { ListenRegistry, listenCommand } from './wire-notify.ts';

/** A connection's authentication: the startup packet waits here until the password matched. */
interface ConnectionAuth {
  ok: boolean;
  startup: Frame | null;
}

export class PgliteWireServer {
  private readonly lock = new SessionLock();
  private readonly listeners = new ListenRegistry();
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private nextId = 1;

  /**
   * @param idleInTransactionMs A client idle inside a transaction blocks every other client
   *   (there is one session), so after this long it is disconnected and rolled back, like
   *   Postgres' idle_in_transaction_session_timeout.
   */
  constructor(
    private readonly db: PGlite,
    /** Every connection must send this password (wire-auth.ts). */
    private readonly password: string,
    private readonly idleInTransactionMs = 60_000,
  ) {}

  async listen(port: number, host: string): Promise<number> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stats(): { connections: number; waiting: number } {
    return { connections: this.sockets.size, waiting: this.lock.queued };
  }

  private accept(socket: Socket): void {
    const id = this.nextId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    // One chain per connection keeps its messages in order while they wait for the session.
    let chain = Promise.resolve();
    let closed = false;
    const auth: ConnectionAuth = { ok: false, startup: null };
    let idleTimer: NodeJS.Timeout | undefined;
    const watchIdle = (status: string | null): void => {
      clearTimeout(idleTimer);
      if (status === 'T' || status === 'E') idleTimer = setTimeout(() => socket.destroy(), this.idleInTransactionMs);
    };

    const fail = (err: unknown): void => {
      if (!closed) socket.destroy(err instanceof Error ? err : new Error(String(err)));
    };
    socket.on('data', (chunk: Buffer) => {
      clearTimeout(idleTimer);
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      const frames: Frame[] = [];
      try {
        for (let next = nextFrame(buffer, started); next; next = nextFrame(buffer, started)) {
          frames.push(next.frame);
          buffer = next.rest;
          if (next.frame.kind === 'startup') started = true;
        }
      } catch (err) {
        fail(err);
        return;
      }
      for (const frame of frames) {
        chain = chain
          .then(async () => (closed ? undefined : watchIdle(await this.handle(id, socket, frame, auth))))
          .catch(fail);
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      clearTimeout(idleTimer);
      this.sockets.delete(socket);
      this.listeners.forget(id);
      // A waiting connection just leaves the queue (its queued messages never run); the
      // holder must first give the session back clean.
      if (this.lock.holder === id) chain = chain.then(() => this.abandon(id)).catch(() => undefined);
      else this.lock.forget(id);
    });
  }

  /** Runs one frame; returns the ReadyForQuery status it ended with, if any. */
  private async handle(id: number, socket: Socket, frame: Frame, auth: ConnectionAuth): Promise<string | null> {
    if (frame.kind === 'negotiate') {
      // SSL/GSS encryption: "N" = not supported, the client continues in plain text.
      // CancelRequest: unsupported; the server just closes that extra connection.
      if (frame.code === 80877102) socket.end();
      else socket.write('N');
      return null;
    }
    if (frame.kind === 'message' && frame.type === 'X') {
      socket.end();
      return null;
    }
    if (!auth.ok) return this.authenticate(id, socket, frame, auth);
    return this.run(id, socket, frame);
  }

  /** Startup → ask for the password; PasswordMessage → check it, then start the PGlite session. */
  private async authenticate(id: number, socket: Socket, frame: Frame, auth: ConnectionAuth): Promise<string | null> {
    // Refused already: whatever the client pipelined after its password is dropped.
    if (socket.writableEnded) return null;
    if (frame.kind === 'startup' && !auth.startup) {
      auth.startup = frame;
      socket.write(CLEARTEXT_PASSWORD_REQUEST);
      return null;
    }
    if (frame.kind === 'message' && frame.type === 'p' && auth.startup) {
      const user = startupParameters(auth.startup.bytes)['user'] ?? '';
      if (!passwordMatches(passwordOf(frame.bytes), this.password)) {
        socket.end(fatalError('28P01', `password authentication failed for user "${user}"`));
        return null;
      }
      auth.ok = true;
      return this.run(id, socket, auth.startup);
    }
    socket.end(fatalError('08P01', 'expected a password message'));
    return null;
  }

  private async run(id: number, socket: Socket, frame: Frame): Promise<string | null> {
    await this.lock.acquire(id);
    let tail: Buffer = Buffer.alloc(0);
    const command = frame.kind === 'message' ? listenCommand(frame.bytes) : null;
    if (command) this.listeners.note(id, command, (bytes) => void (socket.destroyed || socket.write(bytes)));
    // Only while someone LISTENs: keep this run's output to copy its notifications (wire-notify.ts).
    const output: Buffer[] | null = this.listeners.size > 0 ? [] : null;
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(new Uint8Array(frame.bytes), {
        onRawData: (data) => {
          const bytes = Buffer.from(data);
          if (!socket.destroyed) socket.write(bytes);
          output?.push(bytes);
          tail = Buffer.concat([tail, bytes]).subarray(-6);
        },
      }),
    );
    if (output && output.length > 0) this.listeners.forward(id, Buffer.concat(output));
    const status = readyStatus(tail);
    if (status === 'I') this.lock.release(id);
    return status;
  }

  /** A connection went away: leave the shared session clean for the next one. */
  private async abandon(id: number): Promise<void> {
    try {
      if (this.lock.holder === id) {
        // Sync ends a half-sent extended-protocol batch; then undo any open transaction.
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(new Uint8Array(SYNC_MESSAGE), { onRawData: () => undefined }),
        );
        if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      }
    } finally {
      this.lock.forget(id);
    }
  }
}
