import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { compileConfig, DEMO_LAYOUT } from '@switchyard/core';
import { startRedisCluster, type RedisCluster } from '@switchyard/stack/harness';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shadowKeyOf } from './create-id.lua.ts';
import { generateMeetingId, runCreateScript } from './generate.ts';
import { importLegacyFromFile } from './legacy-import.ts';
import { demoConfigSnapshot, FIXED_NOW } from './testing/fixtures.ts';

let cluster: RedisCluster;
let client: Cluster;
beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
});
afterAll(async () => {
  client.disconnect();
  await cluster.stop();
});

describe('on Redis Cluster', () => {
  it('<mid> and shadow_{<mid>} share a slot, so the create script runs on any node', async () => {
    const rules = demoConfigSnapshot().encodingRules;
    const ids = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const r = await generateMeetingId(client, {
        layout: DEMO_LAYOUT,
        rules,
        now: FIXED_NOW,
        region: 'gz',
        identity: 'enterprise',
        grouped: i % 2 === 0,
      });
      ids.add(r.id);
      expect(await client.cluster('KEYSLOT', r.id)).toBe(await client.cluster('KEYSLOT', shadowKeyOf(r.id)));
    }
    expect(ids.size).toBe(60);
    // 60 random IDs over 3 masters: every node got some (each misses with p = (2/3)^60).
    const perNode = await Promise.all(client.nodes('master').map((n) => n.dbsize()));
    expect(perNode.every((n) => n > 0)).toBe(true);
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('a shadow key written through the cluster blocks that ID', async () => {
    await client.set(shadowKeyOf('1311768467463790320'), '');
    expect(await runCreateScript(client, '1311768467463790320', Buffer.from('v'))).toBe('shadowed');
  });

  it('legacy import writes through a Cluster client too', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-cl-'));
    try {
      const file = path.join(dir, 'ids.txt');
      await writeFile(file, Array.from({ length: 50 }, (_, i) => String(1000003n * BigInt(i + 1))).join('\n'));
      const cfg = compileConfig(demoConfigSnapshot());
      const r = await importLegacyFromFile(file, { cfg, writerFor: () => client, batch: 20 });
      expect(r).toMatchObject({ imported: 50, existing: 0 });
      expect(await client.get(shadowKeyOf(String(1000003n * 7n)))).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
