/**
 * A client socket's reply bytes of one event-loop turn, written together once the turn's reads
 * are handled (setImmediate runs right after the poll phase), as Redis writes before it sleeps
 * again. Writing after each read instead woke the client once per reply: a pipelined GET
 * answered from the cache cost 1.3x an uncached one, nearly all of it in the kernel.
 *
 * Adjacent ranges of one buffer (a pipeline's replies from one backend read) merge into one
 * range, so a pipeline usually costs one write; separate ranges leave in one writev.
 */
import type net from 'node:net';

/** Writers with bytes queued this turn: one setImmediate for all of them. */
let due: ReplyWriter[] = [];
function flushTurn(): void {
  const writers = due;
  due = [];
  for (const w of writers) w.flush();
}

export class ReplyWriter {
  /** The range being extended; null when nothing is queued (then the writer is not due). */
  private runBuf: Buffer | null = null;
  private runStart = 0;
  private runEnd = 0;
  /** Earlier, non-adjacent ranges of this turn, written together with the run. */
  private parked: Buffer[] = [];

  /** `onFull` runs when a flush leaves bytes the socket could not take yet. */
  constructor(
    private readonly socket: net.Socket,
    private readonly onFull: () => void,
  ) {}

  /** Queues buf[start, end) for the end of the turn. */
  add(buf: Buffer, start: number, end: number): void {
    if (this.runBuf === buf && this.runEnd === start) {
      this.runEnd = end;
      return;
    }
    if (this.runBuf !== null) this.parked.push(this.runView());
    else if (due.push(this) === 1) setImmediate(flushTurn);
    this.runBuf = buf;
    this.runStart = start;
    this.runEnd = end;
  }

  /** Writes what is queued now (the turn's end, or a connection closing before it). */
  flush(): void {
    if (this.runBuf === null) return;
    const last = this.runView();
    let ok: boolean;
    if (this.parked.length === 0) {
      ok = this.socket.write(last);
    } else {
      this.socket.cork();
      for (const view of this.parked) this.socket.write(view);
      ok = this.socket.write(last);
      this.parked = [];
      this.socket.uncork();
    }
    if (!ok) this.onFull();
  }

  private runView(): Buffer {
    const buf = this.runBuf!;
    this.runBuf = null;
    return this.runStart === 0 && this.runEnd === buf.length ? buf : buf.subarray(this.runStart, this.runEnd);
  }
}
