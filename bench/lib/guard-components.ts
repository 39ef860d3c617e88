/**
 * Per-request costs DESIGN §8 adds to the proxy hot path, measured in isolation: the
 * admission checks with no rules, the request series lookup + latency observation, a breaker
 * admit + record, a hot-key sample, and a local-cache hit lookup.
 */
import { compileConfig, DEMO_INSTANCES, demoSnapshot, ZConfigSnapshot } from '@switchyard/core';
import { LocalCache } from '../../apps/proxy/src/cache/local-cache.ts';
import { HotKeys } from '../../apps/proxy/src/telemetry/hot-keys.ts';
import { coarseNow } from '../../apps/proxy/src/upstream/coarse-clock.ts';
import { CircuitBreaker } from '../../apps/proxy/src/upstream/circuit-breaker.ts';
import { parseProxyEnv } from '../../apps/proxy/src/env.ts';
import { breakerOptions } from '../../apps/proxy/src/worker.ts';
import { Protections } from '../../apps/proxy/src/protections/protections.ts';
import { RequestMetrics } from '../../apps/proxy/src/telemetry/request-metrics.ts';
import { Command } from '../../apps/proxy/src/resp/command.ts';
import { commandSpec } from '../../apps/proxy/src/routing/command-table.ts';
import type { StageFigure } from './proxy-components.ts';

const OPS = 1_000_000;

function measure(stage: string, fn: (i: number) => void): StageFigure {
  for (let i = 0; i < OPS; i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0);
  return { stage, nsPerOp: Math.round((ns / OPS) * 10) / 10, opsPerSec: Math.round((OPS / ns) * 1e9) };
}

export function measureGuard(): StageFigure[] {
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, 6379]));
  const cfg = compileConfig(
    ZConfigSnapshot.parse(
      demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$2$1$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA=='),
    ),
  );
  const caller = cfg.callers.get('demo')!;
  const spec = commandSpec('GET')!;
  const get = Command.fromArgs(['GET', 'key:1']);
  const metrics = new RequestMetrics();
  const protections = new Protections(metrics);
  const breaker = new CircuitBreaker('x', breakerOptions(parseProxyEnv({})));
  const hot = new HotKeys({ k: 50, windowMs: 60_000, sampleEvery: 4, report: 20 });
  const cache = new LocalCache(1 << 20);
  cache.fill('key:1', 'v', cache.fillEpoch(), Buffer.from('$3\r\nxxx\r\n'), 1_000_000, Date.now());
  const ok = Buffer.from('+OK\r\n');
  const figures = [
    measure('admission checks, no rules', () => void protections.check(cfg, caller, spec, get)),
    measure('series lookup + observe', () =>
      metrics.observe(metrics.series('demo', 'GET', 'gz-enterprise'), 0.3, ok, 0, ok.length),
    ),
    measure('breaker admit + record (coarse clock)', () => {
      const t0 = coarseNow();
      breaker.record(breaker.admit(t0), false, 0.3, coarseNow());
    }),
    measure('performance.now()', () => void performance.now()),
    measure('hot-key sample (1 in 4)', (i) => hot.see(`key:${i & 63}`)),
    measure('cache hit lookup', () => void cache.get('key:1', 'v')),
  ];
  hot.close();
  return figures;
}
