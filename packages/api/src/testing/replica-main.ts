/**
 * Test fixture: a second console replica in its own process (its own publish signal), over
 * an existing, migrated database. Prints one JSON line `{"url": …}` when it serves, then
 * `{"held": n, "listening": bool}` whenever its held config polls or its LISTEN state change,
 * so a test can publish on another replica exactly when a poll is held here.
 * Run: node --import tsx packages/api/src/testing/replica-main.ts --database-url <url>
 *        [--recheck-ms 3600000] [--timeout-ms 20000]
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '@switchyard/db/client';
import { apiDeps } from '../deps.ts';
import { startApiServer } from '../http/node-server.ts';
import { configNoticesListening } from '../services/config-notices.ts';
import { heldConfigPolls } from '../services/config-poll-service.ts';

const ZArgs = z.object({
  'database-url': z.string().min(1),
  'recheck-ms': z.coerce.number().int().positive().default(3_600_000),
  'timeout-ms': z.coerce.number().int().positive().default(20_000),
});
const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'recheck-ms': { type: 'string' },
    'timeout-ms': { type: 'string' },
  },
});
const args = ZArgs.parse(values);
const url = args['database-url'];
const db = createDb(url, { max: 2 });
const deps = {
  ...apiDeps(db, { configPollRecheckMs: args['recheck-ms'], configPollTimeoutMs: args['timeout-ms'] }),
  databaseUrl: url,
};
const server = await startApiServer(deps);
console.log(JSON.stringify({ url: server.url }));

let last = '';
const report = setInterval(() => {
  const line = JSON.stringify({ held: heldConfigPolls(), listening: configNoticesListening(url) });
  if (line !== last) console.log(line);
  last = line;
}, 5);
process.on('SIGTERM', () => {
  clearInterval(report);
  void server.close().then(() => process.exit(0));
});
