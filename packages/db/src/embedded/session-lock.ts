/**
 * PGlite is one Postgres backend, so every client connection shares one session. This lock
 * hands that session to one connection at a time, from its first message until the backend
 * says "idle, outside a transaction" (ReadyForQuery 'I'). A connection's Parse/Bind/Execute
 * batch, or its whole BEGIN…COMMIT, therefore never interleaves with another connection's.
 */
export class SessionLock {
  private owner: number | null = null;
  private readonly waiters: Array<{ id: number; grant: () => void }> = [];

  get holder(): number | null {
    return this.owner;
  }

  /** Resolves when `id` holds the session; immediate if it already does (re-entrant). */
  acquire(id: number): Promise<void> {
    if (this.owner === id) return Promise.resolve();
    if (this.owner === null) {
      this.owner = id;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ id, grant: resolve }));
  }

  release(id: number): void {
    if (this.owner !== id) return;
    const next = this.waiters.shift();
    this.owner = next ? next.id : null;
    next?.grant();
  }

  /** Drops a closed connection's place in the queue (it will never send again). */
  forget(id: number): void {
    const at = this.waiters.findIndex((w) => w.id === id);
    if (at >= 0) this.waiters.splice(at, 1);
    this.release(id);
  }

  get queued(): number {
    return this.waiters.length;
  }
}
