/** Real redis-server processes for the migration tests: old, new and control. */
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { fastFailRedisOptions } from '../shared/runtime.ts';

export interface TestInstances {
  oldServer: RedisProcess;
  newServer: RedisProcess;
  controlServer: RedisProcess;
  pair: { old: Redis; new: Redis };
  control: Redis;
  /** Extra clients made by `client()`, closed by `stop()`. */
  client(server: RedisProcess): Redis;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

// AOF with fsync always: a SIGKILLed target comes back with what it acknowledged, like a
// production instance with persistence would.
const DURABLE = ['--appendonly', 'yes', '--appendfsync', 'always'];

export async function startInstances(): Promise<TestInstances> {
  const [oldServer, newServer, controlServer] = await Promise.all([
    startRedis(),
    startRedis({ args: DURABLE }),
    startRedis(),
  ]);
  const clients: Redis[] = [];
  const client = (server: RedisProcess): Redis => {
    const c = new Redis({ host: server.host, port: server.port, ...fastFailRedisOptions });
    c.on('error', () => undefined); // reconnects are expected while a server is killed
    clients.push(c);
    return c;
  };
  const pair = { old: client(oldServer), new: client(newServer) };
  const control = client(controlServer);
  await Promise.all([waitReady(pair.old), waitReady(pair.new), waitReady(control)]);
  return {
    oldServer,
    newServer,
    controlServer,
    pair,
    control,
    client,
    flush: async () => {
      await Promise.all([pair.old.flushall(), pair.new.flushall(), control.flushall()]);
    },
    stop: async () => {
      for (const c of clients) c.disconnect();
      await Promise.all([oldServer.stop(), newServer.stop(), controlServer.stop()]);
    },
  };
}

/** Waits until a client can talk to its (restarted) server again. */
export async function waitReady(c: Redis, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await c.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
