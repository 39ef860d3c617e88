/**
 * Real clients, each with its defaults, against two targets with the same test bodies: a proxy
 * worker (demo caller) and the backend it routes the keys to, directly. The direct runs prove
 * the tests right; a proxy case that cannot pass yet is named in test/redis-suite/known-gaps.json
 * (file `clients/<client>`), where the test expects it to fail: once it passes, remove the entry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ZKnownGaps } from '../../../../test/redis-suite/gate.ts';
import { SECRET, type DemoFixture } from '../fixture.ts';

export interface Target {
  name: 'proxy' | 'direct';
  host: string;
  port: number;
  username: string | undefined;
  password: string | undefined;
}

export function targets(demo: DemoFixture): Target[] {
  return [
    { name: 'proxy', host: '127.0.0.1', port: demo.proxy.port, username: 'demo', password: SECRET },
    // The demo routes the `bench` key type (key:…) to gz-enterprise.
    {
      name: 'direct',
      host: '127.0.0.1',
      port: demo.redis['gz-enterprise'].port,
      username: undefined,
      password: undefined,
    },
  ];
}

/** The demo's `bench` key type matches `key:…`: every key and channel of these tests. */
export const keyPrefix = (client: string, target: Target): string => `key:rc:${client}:${target.name}:`;

export const SCENARIOS = [
  'blocking pop',
  'pub/sub',
  'full SCAN',
  'WATCH transaction',
  'stream consumer group',
  'pipeline',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

const gapsFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../test/redis-suite/known-gaps.json',
);
const gaps = ZKnownGaps.parse(JSON.parse(readFileSync(gapsFile, 'utf8'))).gaps;

/** `file` is `clients/<client>` for the client tests, `demo` for the live proof. */
export function isKnownGap(client: string, test: string, file = `clients/${client}`): boolean {
  return gaps.some((g) => g.file === file && g.test === test);
}

/** Rejects when `p` takes longer than `ms`: a hang counts as a failure, not a stuck test. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * One `it` per target and scenario. Direct cases must pass. Proxy cases must pass unless named
 * as a known gap, and then must still fail (so the list only shrinks).
 */
export function clientCases(
  client: string,
  getTargets: () => Target[],
  body: (t: Target, s: Scenario) => Promise<void>,
): void {
  for (const name of ['direct', 'proxy'] as const) {
    for (const scenario of SCENARIOS) {
      const test = `${scenario}`;
      const gap = name === 'proxy' && isKnownGap(client, test);
      it(`${name}: ${scenario}${gap ? ' (known gap: must still fail)' : ''}`, async () => {
        const target = getTargets().find((t) => t.name === name)!;
        const run = within(body(target, scenario), 10_000, `${client} ${scenario}`);
        if (gap) await expect(run).rejects.toThrow();
        else await run;
      });
    }
  }
}
