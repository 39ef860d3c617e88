/**
 * Issue 13's live proof against a running demo stack (`npm start` / `npm run up`): through the
 * gz proxy with the demo caller. Prints one line per check; exit code 1 when one fails.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv } from '../env.ts';
import { proveRedis } from '../stack/redis-proof.ts';
import { stackPaths, ZStackFile } from '../stack/state.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const stack = ZStackFile.parse(
  JSON.parse(await readFile(stackPaths(root, stackEnv.SWITCHYARD_HOME).stackFile, 'utf8')),
);
const proxy = stack.proxies.find((p) => p.region === 'gz') ?? stack.proxies[0]!;
const results = await proveRedis({ host: '127.0.0.1', port: proxy.port, caller: stack.demoCaller });
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check}: ${r.detail}`);
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
