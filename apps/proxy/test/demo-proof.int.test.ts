/**
 * Issue 13's live proof (packages/stack/src/stack/redis-proof.ts) through a worker with the demo
 * config and the demo caller. The same checks run against the real demo stack in
 * packages/stack/test/stack.int.test.ts. Checks that cannot pass yet are known gaps (file
 * `demo` in test/redis-suite/known-gaps.json) and must still fail: the list only shrinks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CALLER } from '@switchyard/core';
import { PROOF_CHECKS, proveRedis, type ProofResult } from '../../../packages/stack/src/stack/redis-proof.ts';
import { redisCommand, startRedis } from '@switchyard/stack/harness';
import { SECRET, startDemo, type DemoFixture } from './fixture.ts';
import { isKnownGap } from './real-clients/targets.ts';

let demo: DemoFixture;
let results: ProofResult[];
beforeAll(async () => {
  demo = await startDemo();
  results = await proveRedis({
    host: '127.0.0.1',
    port: demo.proxy.port,
    caller: { name: DEMO_CALLER, secret: SECRET },
  });
}, 90_000);
afterAll(async () => demo?.stop());

describe('the proof itself', () => {
  it('passes every check against a plain redis-server (so a failure through the proxy is the proxy)', async () => {
    const redis = await startRedis();
    try {
      await redisCommand(redis.port, '127.0.0.1', [
        'ACL',
        'SETUSER',
        DEMO_CALLER,
        'on',
        `>${SECRET}`,
        '~*',
        '&*',
        '+@all',
      ]);
      const direct = await proveRedis({
        host: '127.0.0.1',
        port: redis.port,
        caller: { name: DEMO_CALLER, secret: SECRET },
      });
      expect(direct.filter((r) => !r.ok)).toEqual([]);
      expect(direct.map((r) => r.check)).toEqual([...PROOF_CHECKS]);
    } finally {
      await redis.stop();
    }
  });
});

describe('the demo proves Redis conformance live', () => {
  for (const check of PROOF_CHECKS) {
    const gap = isKnownGap('demo', check, 'demo');
    it(`${check}${gap ? ' (known gap: must still fail)' : ''}`, () => {
      const r = results.find((x) => x.check === check)!;
      expect(r.ok, r.detail).toBe(!gap);
    });
  }

  it('puts the two SCAN keys on two different instances (so SCAN really spans instances)', async () => {
    const r = results.find((x) => x.check === 'SCAN spans instances')!;
    const keys = [...r.detail.matchAll(/stable_\d+/g)].map((m) => m[0]);
    if (!r.ok) return expect(r.detail).toMatch(/scan/i);
    expect(await demo.direct('gz-personal').exists(keys[0]!)).toBe(1);
    expect(await demo.direct('gz-enterprise').exists(keys[1]!)).toBe(1);
  });
});
