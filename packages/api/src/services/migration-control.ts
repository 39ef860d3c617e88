/**
 * Short-lived connections to a migration's control instance (compensation stream, dead
 * letters) and, for a replay, to its two data instances. Each call opens and closes its own
 * clients with tight timeouts, like redis-admin, so a dead instance fails fast.
 */
import { compileConfig, type TConfigSnapshot, type TInstance } from '@switchyard/core';
import {
  compensationDepth,
  connectInstance,
  createRuntime,
  type DataClient,
  type MigrationRuntime,
} from '@switchyard/migration';
import { Redis } from 'ioredis';

/** The instance that holds compensation streams and dead letters (DESIGN §7). */
export const CONTROL_INSTANCE = 'control';

function controlClient(snapshot: TConfigSnapshot, timeoutMs: number): Redis | null {
  const instance = snapshot.instances.find((i) => i.name === CONTROL_INSTANCE);
  const address = instance?.addresses[0];
  if (!instance || !address) return null;
  const client = new Redis({
    host: address.host,
    port: address.port,
    password: instance.password,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Failures surface on the awaited calls (reported as unreachable); the event is noise.
  client.on('error', () => undefined);
  return client;
}

export async function withControl<T>(
  snapshot: TConfigSnapshot,
  timeoutMs: number,
  run: (control: Redis) => Promise<T>,
): Promise<T | null> {
  const control = controlClient(snapshot, timeoutMs);
  if (!control) return null;
  try {
    await control.connect();
    return await run(control);
  } catch {
    return null;
  } finally {
    control.disconnect();
  }
}

export async function compensationOf(snapshot: TConfigSnapshot, migrationId: string, timeoutMs: number) {
  const depth = await withControl(snapshot, timeoutMs, (c) => compensationDepth(c, migrationId));
  return depth ? { reachable: true, ...depth } : { reachable: false, queued: 0, dead: 0 };
}

/** A runtime for one call (replay), closed afterwards. Throws when the control instance is unknown. */
export async function withRuntime<T>(
  snapshot: TConfigSnapshot,
  migrationId: string,
  timeoutMs: number,
  run: (rt: MigrationRuntime) => Promise<T>,
): Promise<T> {
  const control = controlClient(snapshot, timeoutMs);
  if (!control) throw new Error(`the config has no '${CONTROL_INSTANCE}' instance`);
  const clients: DataClient[] = [];
  const clientFor = (i: TInstance): DataClient => {
    const c = connectInstance(i);
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };
  try {
    await control.connect();
    const rt = createRuntime({ config: compileConfig(snapshot), migrationId, clientFor, control });
    // Fast-fail clients refuse commands until connected: wait for both before running.
    await Promise.all([waitReady(rt.pair.old, timeoutMs), waitReady(rt.pair.new, timeoutMs)]);
    return await run(rt);
  } finally {
    control.disconnect();
    for (const c of clients) c.disconnect();
  }
}

/** A client for one data instance (the create preview's count), closed afterwards. */
export async function withInstance<T>(
  instance: TInstance,
  timeoutMs: number,
  run: (client: DataClient) => Promise<T>,
): Promise<T> {
  const client = connectInstance(instance);
  client.on('error', () => undefined);
  try {
    await waitReady(client, timeoutMs);
    return await run(client);
  } finally {
    client.disconnect();
  }
}

function waitReady(client: DataClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('instance not ready')), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
