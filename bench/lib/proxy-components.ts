/**
 * Per-stage costs of the proxy hot path, measured in isolation: RESP request decoding,
 * routing (routeKey and the proxy's memoised decide), and a raw backend round trip.
 */
import { compileConfig, DEMO_INSTANCES, demoSnapshot, routeKey, ZConfigSnapshot } from '@switchyard/core';
import { RequestDecoder, DEFAULT_DECODER_LIMITS } from '../../apps/proxy/src/resp/request-decoder.ts';
import { decide } from '../../apps/proxy/src/routing/plan.ts';
import { RawConnection } from '../../apps/proxy/src/upstream/raw-connection.ts';
import { command } from '../../apps/proxy/src/resp/encode.ts';

export interface StageFigure {
  stage: string;
  nsPerOp: number;
  opsPerSec: number;
}

function measure(stage: string, ops: number, fn: () => void): StageFigure {
  fn(); // warm-up
  const t0 = process.hrtime.bigint();
  fn();
  const ns = Number(process.hrtime.bigint() - t0);
  return { stage, nsPerOp: Math.round(ns / ops), opsPerSec: Math.round((ops / ns) * 1e9) };
}

export async function measureComponents(redisPort: number): Promise<StageFigure[]> {
  const figures: StageFigure[] = [];
  const batch = Buffer.concat(Array.from({ length: 1000 }, (_, i) => command(['SET', `key:${i}`, 'xxx'])));
  figures.push(
    measure('decode SET (1000 per chunk)', 200 * 1000, () => {
      const d = new RequestDecoder(DEFAULT_DECODER_LIMITS, () => undefined);
      for (let i = 0; i < 200; i++) d.feed(batch);
    }),
  );
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redisPort]));
  const cfg = compileConfig(
    ZConfigSnapshot.parse(
      demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$2$1$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA=='),
    ),
  );
  const keys = Array.from({ length: 1000 }, (_, i) =>
    i % 2 ? `key:${i}` : `${(1n << 60n) | (2n << 31n) | BigInt(i)}`,
  );
  figures.push(
    measure('core routeKey', 200 * 1000, () => {
      for (let r = 0; r < 200; r++) for (const k of keys) routeKey(cfg, k);
    }),
  );
  figures.push(
    measure('proxy decide (memoised)', 200 * 1000, () => {
      for (let r = 0; r < 200; r++) for (const k of keys) decide(cfg, k);
    }),
  );
  const conn = new RawConnection({ host: '127.0.0.1', port: redisPort, timeoutMs: 5000, connectTimeoutMs: 2000 });
  const get = command(['GET', 'key:1']);
  const roundTrip = async (n: number, depth: number): Promise<void> => {
    let sent = 0;
    await new Promise<void>((resolve) => {
      let done = 0;
      const next = (): void => {
        if (sent < n) {
          sent++;
          conn.send(get, () => (++done === n ? resolve() : next()));
        }
      };
      for (let i = 0; i < depth; i++) next();
    });
  };
  await roundTrip(2000, 1);
  for (const depth of [1, 50]) {
    const n = 20_000;
    const t0 = process.hrtime.bigint();
    await roundTrip(n, depth);
    const ns = Number(process.hrtime.bigint() - t0);
    figures.push({
      stage: `raw backend GET, ${depth} in flight`,
      nsPerOp: Math.round(ns / n),
      opsPerSec: Math.round((n / ns) * 1e9),
    });
  }
  conn.close();
  return figures;
}
