import { describe, expect, it } from 'vitest';
import { SessionLock } from './session-lock.ts';

describe('SessionLock', () => {
  it('is re-entrant for the holder and FIFO for the others', async () => {
    const lock = new SessionLock();
    const order: number[] = [];
    await lock.acquire(1);
    await lock.acquire(1);
    const two = lock.acquire(2).then(() => order.push(2));
    const three = lock.acquire(3).then(() => order.push(3));
    expect(lock.queued).toBe(2);
    lock.release(2); // not the holder: ignored
    expect(lock.holder).toBe(1);
    lock.release(1);
    await two;
    expect(lock.holder).toBe(2);
    lock.forget(2);
    await three;
    expect(order).toEqual([2, 3]);
  });

  it('forgets a waiter that disconnected', async () => {
    const lock = new SessionLock();
    await lock.acquire(1);
    void lock.acquire(2);
    lock.forget(2);
    lock.release(1);
    expect(lock.holder).toBeNull();
  });
});
