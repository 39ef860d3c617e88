import { isAlive, stopService } from './processes.ts';
import { readJson, removeFile, ZProcessFile, type StackPaths } from './state.ts';

/** Stops everything `up` recorded, newest first, and forgets the stack. */
export async function down(paths: StackPaths, log: (line: string) => void = () => undefined): Promise<number> {
  const file = await readJson(paths.processFile, ZProcessFile);
  const processes = [...(file?.processes ?? [])].reverse();
  // Proxies and the console first, then the stores they talk to.
  const order = ['simulator', 'worker', 'proxy', 'console', 'redis', 'postgres'];
  processes.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  let stopped = 0;
  for (const entry of processes) {
    if (!isAlive(entry.pid)) continue;
    log(`stopping ${entry.name} (pid ${entry.pid})`);
    await stopService(entry.pid);
    stopped++;
  }
  await removeFile(paths.stackFile);
  await removeFile(paths.processFile);
  return stopped;
}
