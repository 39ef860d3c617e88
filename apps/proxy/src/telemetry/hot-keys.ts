/**
 * Hot keys (seed 001 §3.6): the top K keys by request count per window, found with the
 * space-saving algorithm over a sample (every Nth request), so memory is K entries and an
 * unseen key costs O(1) amortised. QPS = sampled count × N / window.
 */
export interface HotKey {
  key: string;
  qps: number;
}

export interface HotKeyOptions {
  k: number;
  windowMs: number;
  sampleEvery: number;
  /** Keys reported per window (the top of the K tracked). */
  report: number;
}

export class HotKeys {
  private counts = new Map<string, number>();
  private tick = 0;
  /** Keys that had the smallest count, `min`, at the last scan (leastCounted). */
  private atMin: string[] = [];
  private min = 0;
  private last: HotKey[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: HotKeyOptions) {
    this.timer = setInterval(() => this.rotate(), o.windowMs);
    this.timer.unref();
  }

  see(key: string): void {
    if (++this.tick < this.o.sampleEvery) return;
    this.tick = 0;
    const counts = this.counts;
    const c = counts.get(key);
    if (c !== undefined) {
      counts.set(key, c + 1);
      return;
    }
    if (counts.size < this.o.k) {
      counts.set(key, 1);
      return;
    }
    // Space-saving: the new key replaces the least counted one and inherits its count.
    const evicted = this.leastCounted();
    counts.delete(evicted);
    counts.set(key, this.min + 1);
  }

  /**
   * A key with the smallest count. One scan of K collects every key at the minimum; later
   * evictions take from that list (skipping keys counted up since), so with many distinct
   * keys an eviction costs O(1) amortised instead of a scan of K each.
   */
  private leastCounted(): string {
    while (this.atMin.length > 0) {
      const key = this.atMin.pop()!;
      if (this.counts.get(key) === this.min) return key;
    }
    let min = Infinity;
    for (const v of this.counts.values()) if (v < min) min = v;
    this.min = min;
    for (const [k, v] of this.counts) if (v === min) this.atMin.push(k);
    return this.atMin.pop()!;
  }

  /** The last completed window's hottest keys, hottest first. */
  top(): HotKey[] {
    return this.last;
  }

  rotate(): void {
    const scale = (this.o.sampleEvery * 1000) / this.o.windowMs;
    this.last = [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, this.o.report)
      .map(([key, n]) => ({ key, qps: Math.round(n * scale * 10) / 10 }));
    this.counts = new Map();
    this.atMin = [];
  }

  close(): void {
    clearInterval(this.timer);
  }
}
