/** `npm start`: `up` in the foreground. Ctrl-C (or SIGTERM) stops everything it started. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv } from '../env.ts';
import { down } from '../stack/down.ts';
import { isAlive } from '../stack/processes.ts';
import { readJson, stackPaths, ZProcessFile } from '../stack/state.ts';
import { describeStack, up } from '../stack/up.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const paths = stackPaths(root, stackEnv.SWITCHYARD_HOME);
const log = (line: string): void => console.error(`switchyard: ${line}`);

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  log('stopping the stack');
  await down(paths, log);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

try {
  const result = await up(
    paths,
    { databaseUrl: stackEnv.DATABASE_URL, redisMaxmemory: stackEnv.DEMO_REDIS_MAXMEMORY },
    log,
  );
  console.log(describeStack(result.stack));
  console.log('  Press Ctrl-C to stop everything.\n');
} catch (err) {
  log((err as Error).message);
  process.exit(1);
}

// Stay in the foreground; say once if a service dies underneath us.
const reported = new Set<string>();
setInterval(() => {
  void (async () => {
    const file = await readJson(paths.processFile, ZProcessFile);
    for (const entry of file?.processes ?? []) {
      if (stopping || reported.has(entry.name) || isAlive(entry.pid)) continue;
      reported.add(entry.name);
      log(`${entry.name} has stopped; its log is ${entry.log}`);
    }
  })();
}, 5000);
