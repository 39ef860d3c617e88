/**
 * A redo worker in its own process, for tests that SIGKILL it mid-load:
 * `node --import tsx redo-child.ts '{"control":6379,"home":6380,"mirrors":[6381],"code":6,"consumer":"a"}'`.
 * Runs the same loop the migrator runs (runRedo) and prints `ready` once its group exists.
 */
import { Redis } from 'ioredis';
import { z } from 'zod';
import { fastFailRedisOptions } from '../shared/runtime.ts';
import { runRedo } from '../write-log/redo.ts';
import { ensureWriteLogGroup } from '../write-log/stream.ts';

const args = z
  .object({
    control: z.number().int(),
    home: z.number().int(),
    mirrors: z.array(z.number().int()).min(1),
    code: z.number().int(),
    consumer: z.string().min(1),
    claimIdleMs: z.number().int().positive().default(300),
  })
  .parse(JSON.parse(process.argv[2] ?? '{}'));

const connect = (port: number): Redis => {
  const r = new Redis({ host: '127.0.0.1', port, ...fastFailRedisOptions });
  r.on('error', () => undefined);
  return r;
};
const control = connect(args.control);
const reader = connect(args.control);
const target = { code: args.code, control, home: connect(args.home), mirrors: args.mirrors.map(connect) };
while (control.status !== 'ready') await new Promise((r) => setTimeout(r, 20));
await ensureWriteLogGroup(control, args.code);
process.stdout.write('ready\n');
await runRedo(target, {
  consumer: args.consumer,
  reader,
  blockMs: 100,
  claimIdleMs: args.claimIdleMs,
  signal: new AbortController().signal,
});
