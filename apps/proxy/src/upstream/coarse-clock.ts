/**
 * A millisecond clock refreshed every few milliseconds, for decisions that do not need more
 * (breaker windows, open periods, slow calls of ~1 s): two clock reads per backend call
 * would cost more than everything else the breaker does.
 */
const RESOLUTION_MS = 5;
let now = performance.now();
let timer: NodeJS.Timeout | null = null;

export function coarseNow(): number {
  if (timer === null) {
    timer = setInterval(() => (now = performance.now()), RESOLUTION_MS);
    timer.unref();
    now = performance.now();
  }
  return now;
}
