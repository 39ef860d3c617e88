/**
 * Hot keys (seed 001 §3.6): the top K keys by request count per window, found with the
 * space-saving algorithm over a sample (every Nth request), so memory is K entries and an
 * unseen key costs at most one scan of K. QPS = sampled count × N / window.
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
    let minKey = '';
    let min = Infinity;
    for (const [k, v] of counts) {
      if (v < min) {
        min = v;
        minKey = k;
      }
    }
    counts.delete(minKey);
    counts.set(key, min + 1);
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
  }

  close(): void {
    clearInterval(this.timer);
  }
}
