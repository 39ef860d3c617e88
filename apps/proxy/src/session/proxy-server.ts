/**
 * The RESP listener of one worker process: accepts clients, runs the slow-drip check, and
 * shuts down gracefully (stop accepting, let in-flight replies drain, then close).
 */
import net from 'node:net';
import { SocketSession } from './client-session.ts';
import type { CommandHandler } from './port.ts';
import type { ProxyContext } from './context.ts';
import { refuseOverLimit } from './connection-caps.ts';
import { adoptScratchRead } from './scratch-read.ts';

export interface ProxyServer {
  readonly port: number;
  readonly sessions: ReadonlySet<SocketSession>;
  /** Stops accepting, answers what is in flight, closes clients; resolves when all are gone. */
  close(graceMs: number): Promise<void>;
}

/** `handler` runs each decoded request (the worker passes pipeline/dispatch.ts). */
export async function listenProxy(
  ctx: ProxyContext,
  handler: CommandHandler,
  port: number,
  host: string,
): Promise<ProxyServer> {
  const sessions = new Set<SocketSession>();
  // A larger send buffer than the 16 KiB default: pipelined replies are batched per event-loop turn.
  const highWaterMark = 256 * 1024;
  // Paused on connect: a served connection's handle moves to a socket reading through the
  // scratch buffer (scratch-read.ts) before any byte is read.
  const server = net.createServer({ noDelay: true, highWaterMark, pauseOnConnect: true }, (accepted) => {
    if (refuseOverLimit(accepted, sessions.size, ctx.settings.maxConnections, ctx.stats.caps)) {
      accepted.resume();
      return;
    }
    const socket = adoptScratchRead(accepted, highWaterMark);
    ctx.stats.connectionsTotal++;
    ctx.stats.connectionsCurrent++;
    const session = new SocketSession(socket, ctx, handler);
    session.peers = sessions;
    sessions.add(session);
    socket.on('close', () => sessions.delete(session));
  });
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const s of sessions) s.checkTimeouts(now);
  }, 1000);
  sweep.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: bound,
    sessions,
    async close(graceMs) {
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sessions) s.closeAfterFlush();
      const deadline = Date.now() + graceMs;
      while (sessions.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const s of sessions) s.socket.destroy();
      await closed;
    },
  };
}
