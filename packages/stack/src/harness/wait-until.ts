/**
 * Polls `read` until `ok` holds for its value, for tests and drills that wait on a system
 * settling (a proxy on a version, a migration phase done). A read that throws counts as not
 * yet; past `timeoutMs` it throws, naming what it waited for and the last value seen.
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
  pauseMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)?.slice(0, 400)})`);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
}
