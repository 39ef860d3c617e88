/**
 * Big keys: requests or replies larger than a threshold, by key and direction, with how
 * often, the last size and the command. Bounded: past `MAX_TRACKED` the oldest entry goes.
 */
export type BigKeyDirection = 'request' | 'reply';

export interface BigKeyEvent {
  key: string;
  bytes: number;
  command: string;
  direction: BigKeyDirection;
  /** Cumulative number of oversized requests/replies seen for this key and direction. */
  count: number;
}

const MAX_TRACKED = 200;

export class BigKeys {
  private readonly entries = new Map<string, BigKeyEvent>();

  constructor(
    readonly requestBytes: number,
    readonly replyBytes: number,
  ) {}

  record(key: string, bytes: number, command: string, direction: BigKeyDirection): void {
    const id = `${direction}\u0000${key}`;
    const e = this.entries.get(id);
    if (e !== undefined) {
      e.count++;
      e.bytes = bytes;
      e.command = command;
      // Re-insert: the map's order is recency, the first entry is the one to drop.
      this.entries.delete(id);
      this.entries.set(id, e);
      return;
    }
    if (this.entries.size >= MAX_TRACKED) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { key, bytes, command, direction, count: 1 });
  }

  snapshot(): BigKeyEvent[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }
}
