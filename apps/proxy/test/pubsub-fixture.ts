/**
 * The pub/sub suites' shared demo (issue 13 §4): a worker with a subscriber-connection bound of
 * 30, a caller limited to the `stable` key type, and, after each test, a wait until every
 * backend has forgotten the test's subscribers (Redis drops a closed subscriber asynchronously;
 * until then PUBLISH still counts it).
 */
import { waitUntil } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

export const OTHER = 'other-secret';
export const chan1 = `stable_${meetingId(1, 5001n)}`; // gz-personal
export const chan6 = `stable_${meetingId(6, 5002n)}`; // sh-enterprise

/** Starts the demo for the calling test file; the returned getter reads it inside tests. */
export function pubsubDemo(): () => DemoFixture {
  let demo: DemoFixture | undefined;
  beforeAll(async () => {
    const other = await hashSecret(OTHER);
    demo = await startDemo({
      proxy: { PROXY_MAX_SUBSCRIBER_CONNECTIONS: 30 },
      edit: (s) => s.callers.push({ name: 'stable-only', secretHash: other, commands: ['*'], keyTypes: ['stable'] }),
    });
  }, 60_000);
  afterAll(() => demo?.stop());
  afterEach(async () => {
    const d = demo!;
    const servers = (['gz-personal', 'gz-enterprise', 'sh-enterprise', 'others'] as const).map((s) => d.direct(s));
    const leftovers = async (): Promise<number> => {
      let n = 0;
      for (const server of servers) {
        n += Number(await server.pubsub('NUMPAT'));
        const subs = (await server.pubsub('NUMSUB', chan1, chan6, 'key:chan')) as (string | number)[];
        n += subs.filter((x): x is number => typeof x === 'number').reduce((a, b) => a + b, 0);
      }
      return n;
    };
    await waitUntil(leftovers, (n) => n === 0, 'backends without subscribers', 5000, 20);
    for (const server of servers) server.disconnect();
  });
  return () => demo!;
}

/** Collects [channel, message] (and pattern) events of a subscriber. */
export function inbox(sub: Redis): string[][] {
  const got: string[][] = [];
  sub.on('message', (channel: string, message: string) => got.push([channel, message]));
  sub.on('pmessage', (pattern: string, channel: string, message: string) => got.push([pattern, channel, message]));
  return got;
}
