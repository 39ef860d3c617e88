/**
 * Issue 14 finding 7: connections per worker and per caller are bounded, and a connection
 * that does not authenticate in time is closed (2,000 idle unauthenticated sockets stayed
 * open). The per-worker bound answers like Redis's maxclients.
 */
import type net from 'node:net';
import { errorReply } from '../errors.ts';
import type { CapCounters } from '../protections/caps.ts';

/** Authenticated connections per caller in this worker process. */
export class CallerConnections {
  private readonly counts = new Map<string, number>();

  /** Counts one more connection for `caller`, unless it already has `max`. */
  tryAdd(caller: string, max: number): boolean {
    const n = this.counts.get(caller) ?? 0;
    if (n >= max) return false;
    this.counts.set(caller, n + 1);
    return true;
  }

  remove(caller: string): void {
    const n = (this.counts.get(caller) ?? 0) - 1;
    if (n > 0) this.counts.set(caller, n);
    else this.counts.delete(caller);
  }

  count(caller: string): number {
    return this.counts.get(caller) ?? 0;
  }
}

/** Refuses a new client past the worker's limit (Redis's error text), counted; true when refused. */
export function refuseOverLimit(socket: net.Socket, open: number, max: number, caps: CapCounters): boolean {
  if (open < max) return false;
  caps.note('connections_worker');
  socket.on('error', () => undefined);
  socket.end(errorReply('MAX_CLIENTS'));
  return true;
}

export interface OutputBufferLimit {
  hardBytes: number;
  softBytes: number;
  softSeconds: number;
}

/**
 * Redis's client-output-buffer-limit rule for `unsent` reply bytes: null = disconnect (over the
 * hard limit, or over the soft one for longer than softSeconds); else the new "over soft since"
 * time (0 = not over).
 */
export function overSoftSince(unsent: number, limit: OutputBufferLimit, since: number, now: number): number | null {
  if (unsent <= limit.softBytes) return 0;
  if (unsent > limit.hardBytes) return null;
  const from = since === 0 ? now : since;
  return now - from > limit.softSeconds * 1000 ? null : from;
}
