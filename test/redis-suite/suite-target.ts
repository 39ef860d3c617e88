/**
 * The system under test: one redis-server with the managed data user, and a proxy worker in
 * front of it whose config has one catch-all key type on one instance and a nopass `default` caller granted every
 * command, scripts and RESTORE included (explicitly: `*` does not imply them).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DATA_USER_NAME, DEMO_INSTANCES, demoSnapshot } from '@switchyard/core';
import { redisCommand, startRedis, waitUntil, type RedisProcess } from '@switchyard/stack/harness';
import { hashSecret, startProxy, type ProxyHandle } from '@switchyard/proxy';
import { silentLogger } from '../../apps/proxy/src/telemetry/log.ts';

/** Granted by name: after issue 14's hardening these need an explicit grant, not `*`. */
export const EXPLICIT_GRANTS = ['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'FCALL_RO', 'SCRIPT', 'RESTORE'];

export interface SuiteTarget {
  backend: RedisProcess;
  proxy: ProxyHandle;
  /**
   * A fresh backend (killed and restarted on the same port), as runtest gives each file in its
   * own mode: a test that fails half-way can leave server state behind (e.g. set.tcl's
   * rdb-key-save-delay 2147483647, after which SAVE never returns). Resolves once a data
   * command is served through the proxy again.
   */
  fresh(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSuiteTarget(): Promise<SuiteTarget> {
  // DEBUG is used by many tests (and by the suite's per-test log line); Redis 7 disables it by default.
  // The managed data user (issue 14), as every deployed instance has: the proxy's data
  // connections and scripts run as it (without one, scripts and RESTORE are refused).
  const dataUser = { username: DATA_USER_NAME, password: randomBytes(16).toString('hex') };
  const backend = await startRedis({ dataUser, args: ['--enable-debug-command', 'yes'] });
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, backend.port]));
  const snapshot = demoSnapshot(
    { host: '127.0.0.1', ports, dataUser },
    await hashSecret(randomBytes(16).toString('hex')),
  );
  snapshot.keyTypes = [
    {
      name: 'everything',
      pattern: String.raw`^[\s\S]*$`,
      dimension: { kind: 'fixed-instance', instance: 'gz-enterprise' },
      valueFormat: 'plain',
      readPolicy: 'primary',
      cacheTier: 'none',
      dataType: 'any',
    },
  ];
  snapshot.callers = [
    {
      name: 'default',
      nopass: true,
      secretHash: await hashSecret(randomBytes(16).toString('hex')),
      commands: ['*', ...EXPLICIT_GRANTS],
      keyTypes: ['everything'],
    },
  ];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-redis-suite-config-'));
  const configFile = path.join(dir, 'config.json');
  await writeFile(configFile, JSON.stringify(snapshot));
  const proxy = await startProxy({
    PROXY_PORT: 0,
    CONFIG_FILE: configFile,
    logger: silentLogger,
    SHUTDOWN_GRACE_MS: 1000,
  });
  return {
    backend,
    proxy,
    async fresh() {
      await backend.kill();
      await backend.restart();
      await waitUntil(
        () => redisCommand(proxy.port, '127.0.0.1', ['EXISTS', 'sy:suite:ready']),
        (reply) => reply.startsWith(':'),
        'the proxy serving the restarted backend',
        10_000,
      );
    },
    async stop() {
      await proxy.close();
      await backend.stop();
    },
  };
}
