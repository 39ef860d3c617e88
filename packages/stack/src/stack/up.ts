/**
 * `npm run up` / `npm start`: the whole demo stack. Order matters: the database and Redis
 * exist before the seed publishes a config naming them; the console serves that config
 * before the proxies poll it.
 */
import { DATA_USER_NAME, DEMO_CALLER } from '@switchyard/core';
import { freePort } from '../harness/free-port.ts';
import { ADMIN_EMAIL, OPERATOR_EMAIL, VIEWER_EMAIL, migrateAndSeed, startDatabase } from './database.ts';
import { down } from './down.ts';
import { checkStack } from './health.ts';
import { allocateDemoPorts, DEFAULT_MAXMEMORY, demoRedisEntries, startDemoRedis } from './redis-topology.ts';
import { loadOrCreateSecrets } from './secrets.ts';
import { startConsole, startMigratorWorker, startProxies, startSimulator } from './services.ts';
import { seedDemoWebhook, startWebhookReceiverService } from './webhook-receiver.ts';
import {
  readJson,
  writeJson,
  ZProcessFile,
  ZStackFile,
  type StackPaths,
  type TProcessEntry,
  type TStackFile,
} from './state.ts';

export interface UpResult {
  stack: TStackFile;
  reused: boolean;
}

export async function up(
  paths: StackPaths,
  env: { databaseUrl?: string; redisMaxmemory?: string },
  log: (line: string) => void,
): Promise<UpResult> {
  const existing = await readJson(paths.stackFile, ZStackFile);
  const recorded = await readJson(paths.processFile, ZProcessFile);
  if (existing && recorded) {
    const problems = await checkStack(existing, recorded.processes);
    if (problems.length === 0) return { stack: existing, reused: true };
    log(
      `the running stack is incomplete (${problems.map((p) => `${p.component}: ${p.problem}`).join('; ')}); restarting it`,
    );
  }
  if (recorded) await down(paths, log);

  const processes: TProcessEntry[] = [];
  // Record as we go, so `down` can clean up after a failure half-way.
  const remember = async (entries: TProcessEntry[]): Promise<void> => {
    processes.push(...entries);
    await writeJson(paths.processFile, { processes });
  };
  try {
    const secrets = await loadOrCreateSecrets(paths);

    log('starting the database');
    const database = await startDatabase(paths, env.databaseUrl);
    if (database.process) await remember([database.process]);

    log('starting the Redis topology');
    const ports = await allocateDemoPorts();
    const dataUser = { username: DATA_USER_NAME, password: secrets.dataUserPassword };
    await remember(
      await startDemoRedis(paths, ports, { dataUser, maxmemory: env.redisMaxmemory ?? DEFAULT_MAXMEMORY }),
    );

    log('migrating and seeding the database');
    const changes = await migrateAndSeed(database.url, { topology: { host: '127.0.0.1', ports, dataUser }, secrets });
    for (const change of changes) log(`seed: ${change}`);

    log('starting the webhook receiver');
    const receiver = await startWebhookReceiverService(paths);
    await remember([receiver.entry]);
    await seedDemoWebhook(database.url, receiver.url);

    log('starting the console');
    const consolePort = await freePort();
    await remember([await startConsole(paths, { databaseUrl: database.url, port: consolePort })]);
    const consoleUrl = `http://127.0.0.1:${consolePort}`;

    log('starting the proxy workers');
    const proxies = await startProxies(paths, { consoleUrl, workerToken: secrets.workerToken });
    await remember(proxies.entries);

    log('starting the migrator worker');
    await remember([await startMigratorWorker(paths, { databaseUrl: database.url })]);

    log('starting the traffic simulator');
    await remember([
      await startSimulator(paths, {
        proxyPorts: proxies.proxies.map((p) => p.port),
        caller: DEMO_CALLER,
        secret: secrets.demoCallerSecret,
      }),
    ]);

    const stack: TStackFile = {
      console: { url: consoleUrl },
      proxies: proxies.proxies,
      redis: demoRedisEntries(ports),
      database: { url: database.url, embedded: database.process !== undefined },
      demoCaller: { name: DEMO_CALLER, secret: secrets.demoCallerSecret },
      admin: { email: ADMIN_EMAIL, password: secrets.adminPassword },
      adminToken: secrets.adminToken,
      viewer: { email: VIEWER_EMAIL, password: secrets.viewerPassword },
      operator: { email: OPERATOR_EMAIL, password: secrets.operatorPassword },
      webhookReceiver: { url: receiver.url, log: receiver.log },
      startedAt: new Date().toISOString(),
    };
    await writeJson(paths.stackFile, stack);
    return { stack, reused: false };
  } catch (err) {
    log(`start failed: ${(err as Error).message}; stopping what was started`);
    await down(paths, log);
    throw err;
  }
}

export function describeStack(stack: TStackFile): string {
  const lines = [
    '',
    'Switchyard is running.',
    `  Console        ${stack.console.url}`,
    `  Admin login    ${stack.admin.email} / ${stack.admin.password}`,
    ...(stack.operator
      ? [`  Operator login ${stack.operator.email} / ${stack.operator.password}   (failover, degradation, migrations)`]
      : []),
    `  Viewer login   ${stack.viewer.email} / ${stack.viewer.password}`,
    // REDISCLI_AUTH rather than --pass: a secret on a command line shows in `ps` (issue 14 #13).
    ...stack.proxies.map(
      (p) =>
        `  Proxy ${p.region}       REDISCLI_AUTH=${stack.demoCaller.secret} redis-cli -p ${p.port} --user ${stack.demoCaller.name}   (metrics :${p.metricsPort})`,
    ),
    `  Redis          ${stack.redis.map((r) => `${r.name}:${r.port}`).join(' ')}`,
    `  Database       ${stack.database.url}${stack.database.embedded ? ' (embedded PGlite)' : ''}`,
    ...(stack.webhookReceiver
      ? [
          `  Notifications  webhook 'demo-receiver' → ${stack.webhookReceiver.url}; received: ${stack.webhookReceiver.log}   (syctl notify test)`,
        ]
      : []),
    '  CLI            npx syctl status',
    '',
  ];
  return lines.join('\n');
}
