/**
 * routeKey cost per key on the demo config (target: ≤ 1 µs median for a single-key GET).
 * Prints JSON, then a short table. Never asserts time.
 * Run: node --import tsx bench/route-bench.ts [--rounds 31] [--batch 20000]
 */
import { parseArgs } from 'node:util';
import {
  compileConfig,
  DEMO_INSTANCES,
  DEMO_LAYOUT,
  demoSnapshot,
  encodeMeetingId,
  parseSnapshot,
  routeKey,
  type TConfigSnapshot,
} from '../packages/core/src/index.ts';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '31' }, batch: { type: 'string', default: '20000' } },
});
const ROUNDS = Math.min(Math.max(Number(values.rounds), 3), 501);
const BATCH = Math.min(Math.max(Number(values.batch), 100), 1_000_000);

function demo(): TConfigSnapshot {
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7001 + n]));
  const r = parseSnapshot(demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$bench'));
  if (!r.ok) throw new Error('demo snapshot invalid');
  return r.snapshot;
}

const base = demo();
const migrating: TConfigSnapshot = {
  ...base,
  migrations: [
    {
      id: 'm1',
      name: 'split code 5',
      code: 5,
      from: 'sh-personal',
      to: 'spare',
      phase: 'GRAY_READ',
      grayReadPercent: 30,
      stopDualWritePercent: 0,
    },
  ],
};
const failover: TConfigSnapshot = { ...base, failover: [{ from: 'sh', to: 'gz' }] };

const mids = Array.from({ length: 1024 }, (_, i) =>
  String(
    encodeMeetingId(
      {
        kind: 'normal',
        code: [1, 2, 5, 6][i % 4]!,
        day: 1000 + (i % 300),
        random: (BigInt(i + 1) << 31n) | BigInt(i * 7919),
      },
      DEMO_LAYOUT,
    ),
  ),
);

const scenarios: { name: string; snapshot: TConfigSnapshot; keys: string[] }[] = [
  { name: 'mid key (meeting_info)', snapshot: base, keys: mids },
  { name: 'member_list_{mid}', snapshot: base, keys: mids.map((m) => `member_list_{${m}}`) },
  { name: 'member (identity)', snapshot: base, keys: mids.map((m, i) => `member_${m}_${i % 3}`) },
  { name: 'u2m (hash)', snapshot: base, keys: mids.map((m) => `u2m_user${m}`) },
  { name: 'mid, gray-read migration', snapshot: migrating, keys: mids },
  { name: 'mid, failover sh→gz', snapshot: failover, keys: mids },
];

let sink = 0;
/** One timed batch; returns ns per key. */
function batch(cfg: ReturnType<typeof compileConfig>, keys: string[]): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) sink += routeKey(cfg, keys[i & 1023]!).key.length;
  return Number(process.hrtime.bigint() - t0) / BATCH;
}

// Rounds interleave the scenarios so background load on a shared machine hits all alike.
const compiled = scenarios.map((s) => ({ ...s, cfg: compileConfig(s.snapshot), perRound: [] as number[] }));
for (let w = 0; w < 5; w++) for (const s of compiled) batch(s.cfg, s.keys); // warm-up
for (let r = 0; r < ROUNDS; r++) for (const s of compiled) s.perRound.push(batch(s.cfg, s.keys));

const quantile = (xs: number[], q: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10;
};
const results = compiled.map((s) => ({
  scenario: s.name,
  medianNs: quantile(s.perRound, 0.5),
  p90Ns: quantile(s.perRound, 0.9),
  minNs: quantile(s.perRound, 0),
}));
console.log(
  JSON.stringify(
    {
      bench: 'routeKey',
      unit: 'ns per key (median/p90/min over rounds of one batch each)',
      node: process.version,
      rounds: ROUNDS,
      batch: BATCH,
      results,
      sink: sink > 0,
    },
    null,
    2,
  ),
);
console.log('\nscenario                         median ns/key   p90 ns/key   min ns/key');
for (const r of results)
  console.log(
    `${r.scenario.padEnd(33)}${String(r.medianNs).padStart(13)}${String(r.p90Ns).padStart(13)}${String(r.minNs).padStart(13)}`,
  );
