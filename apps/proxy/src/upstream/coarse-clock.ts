/**
 * A millisecond clock refreshed every few milliseconds, for decisions that do not need more
 * (breaker windows, open periods, slow calls of ~1 s): two clock reads per backend call
 * would cost more than everything else the breaker does. The refresh runs only while the clock
 * is read: a tick with no read since the last one stops it, so an idle worker is not woken
 * 200 times a second, and the next read starts it again with a fresh reading.
 */
const RESOLUTION_MS = 5;
let now = performance.now();
let timer: NodeJS.Timeout | null = null;
let read = false;

function tick(): void {
  if (!read && timer !== null) {
    clearInterval(timer);
    timer = null;
    return;
  }
  read = false;
  now = performance.now();
}

export function coarseNow(): number {
  if (timer === null) {
    timer = setInterval(tick, RESOLUTION_MS);
    timer.unref();
    now = performance.now();
  }
  read = true;
  return now;
}
