/**
 * Seed 003 dual-centre key types against real redis-servers: a write reaches the code's
 * instance in every region, a read is served in the proxy's own region, and a failed region
 * write is retried and queued on the compensation stream for the migrator.
 */
import type { Redis } from 'ioredis';
import { compStreamKey } from '@switchyard/migration';
import type { TConfigSnapshotInput } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let sh: Redis;
let version = 1;

const dualCentre = (s: TConfigSnapshotInput): void => {
  // No mirror modes: an active-active code has nothing replicating into its regions (validation).
  for (const c of s.codes) Object.assign(c, { activeActive: true, mirrorModes: {} });
  s.keyTypes.find((k) => k.name === 'stable')!.writeMode = 'dual-centre';
};

beforeAll(async () => {
  demo = await startDemo({ edit: dualCentre });
  ({ client: sh } = await demo.startWorker({ SWITCHYARD_REGION: 'sh' }));
}, 60_000);
afterAll(async () => demo?.stop());

describe('dual-centre writes', () => {
  it('writes the home instance and the other region synchronously, from either region', async () => {
    const fromGz = `stable_${meetingId(1, 601n)}`;
    const fromSh = `stable_${meetingId(1, 602n)}`;
    expect(await demo.client().set(fromGz, 'a')).toBe('OK');
    expect(await sh.set(fromSh, 'b')).toBe('OK');
    // Code 1: home gz-personal; its sh instance (gz-personal-sh) lives on the `others` server here.
    for (const [key, value] of [
      [fromGz, 'a'],
      [fromSh, 'b'],
    ] as const) {
      expect(await demo.direct('gz-personal').get(key)).toBe(value);
      expect(await demo.direct('others').get(key)).toBe(value);
    }
    // A key type without dual-centre still writes home only.
    const plain = meetingId(1, 603n);
    await demo.client().set(plain, 'home-only');
    expect(await demo.direct('others').exists(plain)).toBe(0);
  });

  it("reads from the proxy's own region", async () => {
    const key = `stable_${meetingId(1, 604n)}`;
    await demo.direct('gz-personal').set(key, 'in-gz');
    await demo.direct('others').set(key, 'in-sh');
    expect(await demo.client().get(key)).toBe('in-gz');
    expect(await sh.get(key)).toBe('in-sh');
  });

  it('a failed region write: the caller gets the home reply, the key is queued for compensation', async () => {
    const next = structuredClone(demo.snapshot);
    dualCentre(next);
    // The sh instance of code 1 goes away: nothing listens on its new port.
    const mirror = next.instances.find((i) => i.name === 'gz-personal-sh')!;
    mirror.addresses = [{ host: '127.0.0.1', port: 1 }];
    demo.proxy.holder.swap(activate(demo.published(++version, next)));
    const key = `stable_${meetingId(1, 605n)}`;
    expect(await demo.client().set(key, 'survives')).toBe('OK');
    expect(await demo.direct('gz-personal').get(key)).toBe('survives');
    const stream = compStreamKey('dual-centre-1-sh');
    const control = demo.direct('others');
    let entries: [string, string[]][] = [];
    for (let i = 0; i < 100 && entries.length === 0; i++) {
      entries = await control.xrange(stream, '-', '+');
      if (entries.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(entries).toHaveLength(1);
    const fields = entries[0]![1];
    // Entries carry keys base64-encoded (binary-safe).
    expect(Buffer.from(fields[fields.indexOf('key') + 1]!, 'base64').toString()).toBe(key);
    await expect.poll(() => demo.proxy.compensation.outcomes.get('queued'), { timeout: 2000 }).toBe(1);
  });
});
