/**
 * Compensation drain: queues `--entries` failed-write entries over `--keys` distinct keys
 * (the migration-faults drill once queued 8,484 entries for ~2,400 keys), then drains them
 * with the consumer, `--page` entries a page (the consumer's default: 100). Reports wall time, CPU of this process and of each
 * redis-server, and the commands each server processed per entry: the figures that do not
 * depend on how busy the box is. Writes bench/results/compensation.json; never asserts time.
 * Run: node --import tsx bench/compensation-bench.ts [--entries 8484] [--keys 2400] [--page 100]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  compensationDepth,
  ensureCompensationGroup,
  processCompensationOnce,
} from '../packages/migration/src/index.ts';
import { entryFields } from '../packages/migration/src/compensation/entry.ts';
import { compStreamKey } from '../packages/migration/src/compensation/stream-keys.ts';
import { startInstances } from '../packages/migration/src/test-support/instances.ts';
import { runtimeOf } from '../packages/migration/src/test-support/runtime.ts';
import { midWithCode } from '../packages/migration/src/test-support/snapshot.ts';

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '8484' },
    keys: { type: 'string', default: '2400' },
    page: { type: 'string', default: '100' },
  },
});
const ENTRIES = z.coerce.number().int().min(1).max(200_000).parse(values.entries);
const KEYS = z.coerce.number().int().min(1).max(ENTRIES).parse(values.keys);
const PAGE = z.coerce.number().int().min(1).max(10_000).parse(values.page);

async function stats(c: Redis): Promise<{ cpu: number; commands: number }> {
  const info = await c.info();
  const num = (name: string): number => Number(new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info)?.[1] ?? 0);
  return { cpu: num('used_cpu_sys') + num('used_cpu_user'), commands: num('total_commands_processed') };
}

const t = await startInstances();
try {
  const rt = runtimeOf(t);
  const key = (n: number): string => `stable_${midWithCode(1, n)}`;
  // The old side holds the truth; the new side missed every write.
  const load = t.pair.old.pipeline();
  for (let n = 0; n < KEYS; n++) load.set(key(n), `value-${n}`);
  await load.exec();
  await ensureCompensationGroup(t.control, rt.migration.id);
  const queue = t.control.pipeline();
  // Every key at least once, the rest at random (fixed seed): writers hit keys unevenly.
  let seed = 20;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < ENTRIES; i++) {
    const k = Buffer.from(key(i < KEYS ? i : Math.floor(random() * KEYS)));
    queue.xadd(
      compStreamKey(rt.migration.id),
      '*',
      ...entryFields({
        migrationId: rt.migration.id,
        kind: 'write',
        key: k,
        argv: [Buffer.from('SET'), k, Buffer.from('v')],
        target: 'new',
        targetInstance: 'spare',
        truth: 'old',
        attempts: 3,
        firstError: 'ERR connection lost',
        firstAt: Date.now(),
      }),
    );
  }
  await queue.exec();

  const servers = { old: t.pair.old, new: t.pair.new, control: t.control };
  const before = await Promise.all(Object.values(servers).map(stats));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let resynced = 0;
  let pages = 0;
  while ((await compensationDepth(t.control, rt.migration.id)).queued > 0 && pages < 10 * ENTRIES) {
    resynced += (await processCompensationOnce(rt, { consumer: 'bench', backoffBaseMs: 10, count: PAGE })).resynced;
    pages++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const after = await Promise.all(Object.values(servers).map(stats));
  const per = (i: number, f: 'cpu' | 'commands'): number => after[i]![f] - before[i]![f];
  const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
  const result = {
    bench: 'compensation',
    entries: ENTRIES,
    distinctKeys: KEYS,
    page: PAGE,
    pages,
    resynced,
    seconds: round(seconds, 3),
    entriesPerSecond: Math.round(ENTRIES / seconds),
    cpuSeconds: {
      node: round((cpu.user + cpu.system) / 1e6, 3),
      old: round(per(0, 'cpu'), 3),
      new: round(per(1, 'cpu'), 3),
      control: round(per(2, 'cpu'), 3),
    },
    commandsPerEntry: {
      old: round(per(0, 'commands') / ENTRIES),
      new: round(per(1, 'commands') / ENTRIES),
      control: round(per(2, 'commands') / ENTRIES),
    },
    drained: (await compensationDepth(t.control, rt.migration.id)).queued === 0,
    at: new Date().toISOString(),
  };
  console.log(JSON.stringify(result, null, 2));
  await writeFile(new URL('./results/compensation.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await t.stop();
}
