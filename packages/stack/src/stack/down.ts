import { isAlive, stopService } from './processes.ts';
import { readJson, removeFile, ZProcessFile, type StackPaths, type TProcessEntry } from './state.ts';

/** Clients of the stores stop first, so nothing reconnects to a store that is going away. */
const TIERS: readonly (readonly TProcessEntry['kind'][])[] = [
  ['simulator', 'worker', 'proxy', 'console', 'receiver'],
  ['redis', 'postgres'],
];

/** Stops everything `up` recorded and forgets the stack. Returns how many were running. */
export async function down(paths: StackPaths, log: (line: string) => void = () => undefined): Promise<number> {
  const file = await readJson(paths.processFile, ZProcessFile);
  const running = (file?.processes ?? []).filter((entry) => isAlive(entry.pid));
  for (const tier of TIERS) {
    await Promise.all(
      running
        .filter((entry) => tier.includes(entry.kind))
        .map(async (entry) => {
          const started = Date.now();
          await stopService(entry.pid);
          log(`stopped ${entry.name} (pid ${entry.pid}) in ${Date.now() - started} ms`);
        }),
    );
  }
  await removeFile(paths.stackFile);
  await removeFile(paths.processFile);
  return running.length;
}
