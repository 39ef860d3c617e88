/**
 * Circuit breakers with a real redis-server killed and restarted: the dead instance fails
 * fast while open, the others never see an error, and the dead one recovers by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;

beforeAll(async () => {
  demo = await startDemo();
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('circuit breaker per instance', () => {
  it('opens on a killed instance, spares the others, and closes within 2 s of its restart', async () => {
    const client = demo.client();
    const deadKey = meetingId(5, 900n); // sh-personal
    const liveKeys = [meetingId(1, 900n), meetingId(2, 900n), meetingId(6, 900n)];
    await client.set(deadKey, 'd');
    for (const k of liveKeys) await client.set(k, 'l');

    // Traffic to the healthy instances runs all along; none of it may fail.
    let running = true;
    let liveErrors = 0;
    let liveOk = 0;
    const background = (async () => {
      while (running) {
        const results = await Promise.allSettled(liveKeys.map((k) => client.get(k)));
        for (const r of results) {
          if (r.status === 'fulfilled' && r.value === 'l') liveOk++;
          else liveErrors++;
        }
        await sleep(5);
      }
    })();

    await demo.redis['sh-personal'].kill();
    const seen = new Set<string>();
    for (let i = 0; i < 200 && !seen.has('open'); i++) {
      const err = await client.get(deadKey).then(
        () => null,
        (e: Error) => e.message,
      );
      if (err?.includes('circuit open')) seen.add('open');
      else if (err !== null) seen.add('down');
      await sleep(5);
    }
    expect(seen.has('down')).toBe(true);
    expect(seen.has('open')).toBe(true);
    expect(demo.proxy.ctx.guard.breakers.states()['sh-personal']).not.toBe('closed');
    // While open, requests fail fast with the stable code.
    await expect(client.get(deadKey)).rejects.toThrow("ERR SWITCHYARD circuit open for 'sh-personal'");

    await demo.redis['sh-personal'].restart();
    const restartedAt = Date.now();
    let recovered = false;
    // The bound: the instance recovers by itself within 2 s of its restart (the
    // breaker's open interval is 500 ms, so this is not a race against the poll).
    while (!recovered && Date.now() - restartedAt < 2000) {
      // SIGKILL lost the data set before; any answer that is not an error is recovery.
      recovered = await client.get(deadKey).then(
        () => true,
        () => false,
      );
      if (!recovered) await sleep(20);
    }
    running = false;
    await background;
    expect(recovered).toBe(true);
    expect(await client.set(deadKey, 'back')).toBe('OK');
    expect(demo.proxy.ctx.guard.breakers.states()['sh-personal']).toBe('closed');
    expect(liveOk).toBeGreaterThan(0);
    expect(liveErrors).toBe(0);
    expect(demo.proxy.ctx.guard.snapshot().breakerTrips['sh-personal']).toBeGreaterThanOrEqual(1);
  });
});
