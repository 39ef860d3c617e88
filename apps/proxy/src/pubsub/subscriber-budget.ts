/**
 * Bounds the backend subscriber connections of one worker (issue 13 §4: pub/sub resources are
 * bounded per worker) and knows the subscribed sessions, so a config swap resubscribes them
 * where their channels route now (failover).
 */
export interface Resubscribable {
  resync(): void;
}

export class SubscriberBudget {
  open = 0;
  readonly sessions = new Set<Resubscribable>();

  constructor(readonly max: number) {}

  /** Reserves one connection; false when the worker already has `max`. */
  tryOpen(): boolean {
    if (this.open >= this.max) return false;
    this.open++;
    return true;
  }

  closed(): void {
    this.open--;
  }

  onSwap(): void {
    for (const s of this.sessions) s.resync();
  }
}
