/**
 * Issue 13 §7: `AUTH <password>` is the caller named `default`, and a `default` caller may be
 * nopass (Redis's nopass user): then a client that never sends AUTH is `default`.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TConfigSnapshotInput } from '@switchyard/core';
import { activate } from '../src/config-poller/active-config.ts';
import { hashSecret } from '../src/auth/secret-hash.ts';
import { SECRET, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let version = 1;
const clients: Redis[] = [];

/** An ioredis client of the proxy that sends no AUTH at all (or only the password). */
function plain(password?: string): Redis {
  const r = new Redis({
    port: demo.proxy.port,
    password,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    lazyConnect: true,
    enableReadyCheck: false,
  });
  r.on('error', () => undefined);
  clients.push(r);
  return r;
}

/** Publishes the demo snapshot with `default` set up by `edit` (or absent). */
async function withDefault(edit: ((s: TConfigSnapshotInput) => Promise<void>) | null): Promise<void> {
  const next = structuredClone(demo.snapshot);
  if (edit !== null) await edit(next);
  demo.proxy.holder.swap(activate(demo.published(++version, next)));
}

const nopass = async (s: TConfigSnapshotInput): Promise<void> => {
  s.callers.push({
    name: 'default',
    nopass: true,
    secretHash: await hashSecret('unused-random'),
    commands: ['*'],
    keyTypes: ['bench'],
  });
};

beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await demo?.stop();
});

describe('the default caller', () => {
  it('without a default caller, AUTH <password> fails like a wrong password and commands get NOAUTH', async () => {
    await withDefault(null);
    const anon = plain();
    await expect(anon.call('AUTH', SECRET)).rejects.toThrow(/^WRONGPASS/);
    await expect(anon.get('key:1')).rejects.toThrow(/^NOAUTH Authentication required/);
  });

  it('AUTH <password> authenticates as the default caller with its secret', async () => {
    await withDefault(async (s) => {
      s.callers.push({
        name: 'default',
        secretHash: await hashSecret('def-secret'),
        commands: ['GET', 'SET'],
        keyTypes: ['bench'],
      });
    });
    const c = plain('def-secret');
    await c.connect();
    expect(await c.set('key:d1', 'v')).toBe('OK');
    expect(await c.get('key:d1')).toBe('v');
    // The default caller's own grants apply: INCR is not in its list.
    await expect(c.incr('key:d2')).rejects.toThrow(/NOPERM/);
    await expect(plain().call('AUTH', 'wrong')).rejects.toThrow(/^WRONGPASS/);
    await expect(plain().get('key:d1')).rejects.toThrow(/NOAUTH/);
  });

  it('a nopass default caller needs no AUTH, takes any password with its name, and refuses AUTH <password> as Redis does', async () => {
    await withDefault(nopass);
    const anon = plain();
    expect(await anon.set('key:n1', 'x')).toBe('OK');
    expect(await anon.get('key:n1')).toBe('x');
    // Still limited to its key types: a meeting key is not one of them.
    await expect(anon.get('1152921508901826617')).rejects.toThrow(/NOPERM/);
    expect(await plain().call('HELLO', '2')).toContain('proto');
    expect(await anon.call('AUTH', 'default', 'anything')).toBe('OK');
    await expect(anon.call('AUTH', 'anything')).rejects.toThrow(
      'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    );
    // Other callers still need their secret.
    await expect(anon.call('AUTH', 'demo', 'wrong')).rejects.toThrow(/WRONGPASS/);
    expect(await anon.call('AUTH', 'demo', SECRET)).toBe('OK');
    expect(await anon.get('1152921508901826617')).toBeNull();
  });

  it('dropping nopass from the config makes unauthenticated clients NOAUTH again, live', async () => {
    await withDefault(nopass);
    const first = plain();
    await first.connect();
    await withDefault(null);
    await expect(first.get('key:n1')).rejects.toThrow(/NOAUTH/);
  });
});
