/**
 * Incremental framing of a backend's reply stream. Unlike `scanReply`, it remembers where it
 * stopped inside an incomplete reply (the open arrays and the next element), so a huge
 * multi-element reply arriving in many chunks is scanned once, not once per chunk.
 */
import { aggregateCount, isBulkType, isLineType, parseInteger } from './reply-scanner.ts';

export class ReplyFramer {
  /** Elements still expected by each open array, innermost last. */
  private readonly open: number[] = [];
  /** Where to resume, relative to the start of the reply in progress; -1 = none. */
  private resume = -1;

  /**
   * Scans the reply starting at `from` in `buf`. Returns its end offset, or -n meaning "at
   * least n bytes from `from` are needed". Call again with the same `from` (the buffer may
   * have grown or moved; only offsets relative to `from` are kept).
   */
  scan(buf: Buffer, from: number): number {
    const len = buf.length;
    const open = this.open;
    let at = this.resume >= 0 ? from + this.resume : from;
    for (;;) {
      if (at >= len) return this.suspend(at, from, at - from + 1);
      let cr = at + 1;
      while (cr < len && buf[cr] !== 13) cr++;
      if (cr + 1 >= len) return this.suspend(at, from, cr + 2 - from);
      const type = buf[at];
      const lineEnd = cr + 2;
      if (isBulkType(type!)) {
        const n = parseInteger(buf, at + 1, cr);
        if (n >= 0) {
          const end = lineEnd + n + 2;
          if (end > len) return this.suspend(at, from, end - from);
          at = end;
        } else {
          at = lineEnd;
        }
      } else if (isLineType(type!)) {
        at = lineEnd;
      } else if (aggregateCount(type!, 1) !== 0) {
        // RESP3 maps count two elements per entry; an attribute adds the reply it annotates.
        const n = aggregateCount(type!, parseInteger(buf, at + 1, cr));
        at = lineEnd;
        if (n > 0) {
          open.push(n);
          continue;
        }
      } else {
        throw new Error(`unexpected RESP type byte ${type} from backend`);
      }
      // One element is complete; close every array it completes.
      for (;;) {
        if (open.length === 0) {
          this.resume = -1;
          return at;
        }
        const last = open.length - 1;
        if (--open[last]! > 0) break;
        open.pop();
      }
    }
  }

  reset(): void {
    this.open.length = 0;
    this.resume = -1;
    this.bulkLeft = 0;
  }

  /** Where `scan` stopped, relative to its `from` (the start of the incomplete element). */
  get resumeOffset(): number {
    return Math.max(0, this.resume);
  }

  /** Payload bytes (with CRLF) of a bulk being skipped. */
  private bulkLeft = 0;

  /**
   * Consumes the rest of a reply without keeping it (a reply over the size cap), continuing
   * from where `scan` stopped: call with `from` = scan's from + resumeOffset, then with each
   * new chunk. Returns the reply's end, or -(k + 1): everything before k is consumed and the
   * bytes from k (an incomplete header line, never a payload) must be kept for the next call.
   */
  skip(buf: Buffer, from: number): number {
    const len = buf.length;
    let at = from;
    this.resume = -1;
    for (;;) {
      if (this.bulkLeft > 0) {
        const n = Math.min(this.bulkLeft, len - at);
        this.bulkLeft -= n;
        at += n;
        if (this.bulkLeft > 0) return -(at + 1);
        if (this.completeOne()) return at;
        continue;
      }
      if (at >= len) return -(at + 1);
      let cr = at + 1;
      while (cr < len && buf[cr] !== 13) cr++;
      if (cr + 1 >= len) return -(at + 1);
      const type = buf[at];
      const bulk = isBulkType(type!);
      const aggregate = !bulk && aggregateCount(type!, 1) !== 0;
      if (!bulk && !aggregate && !isLineType(type!)) throw new Error(`unexpected RESP type byte ${type} from backend`);
      const n = bulk
        ? parseInteger(buf, at + 1, cr)
        : aggregate
          ? aggregateCount(type!, parseInteger(buf, at + 1, cr))
          : -1;
      at = cr + 2;
      if (bulk && n >= 0) this.bulkLeft = n + 2;
      else if (aggregate && n > 0) this.open.push(n);
      else if (this.completeOne()) return at;
    }
  }

  /** One element ended: closes the arrays it completes; true when the whole reply is done. */
  private completeOne(): boolean {
    const open = this.open;
    for (;;) {
      if (open.length === 0) return true;
      const last = open.length - 1;
      if (--open[last]! > 0) return false;
      open.pop();
    }
  }

  private suspend(at: number, from: number, need: number): number {
    this.resume = at - from;
    return -need;
  }
}
