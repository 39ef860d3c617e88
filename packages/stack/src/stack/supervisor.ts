/**
 * Restarts a top-level stack process that crashes (issue 14 finding 8: a worker killed with
 * kill -9 stayed dead). The supervisor runs the service as its child, in the same process
 * group, so `down` (which signals the group) stops both. A crash is restarted after a
 * backoff that doubles per crash in the last minute (200 ms to 10 s); the restart count and
 * the child's pid are kept in a small status file beside the log. A first run that exits with
 * an error code within the startup grace is a startup failure, not a crash: the supervisor
 * then exits with that code, so `up` reports it instead of retrying forever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { z } from 'zod';

export const ZSupervisorArgs = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/),
  statusFile: z.string().min(1),
  startupGraceMs: z.coerce.number().int().nonnegative().default(5000),
  command: z.string().min(1),
  args: z.array(z.string()),
});
export type TSupervisorArgs = z.infer<typeof ZSupervisorArgs>;

/** `--name n --status-file f [--startup-grace-ms ms] -- command args…` */
export function parseSupervisorArgs(argv: readonly string[]): TSupervisorArgs {
  const split = argv.indexOf('--');
  if (split < 0) throw new Error('expected -- before the command');
  const flags: Record<string, string> = {};
  const head = argv.slice(0, split);
  for (let i = 0; i < head.length; i += 2) flags[head[i]!.replace(/^--/, '')] = head[i + 1] ?? '';
  const [command, ...args] = argv.slice(split + 1);
  return ZSupervisorArgs.parse({
    name: flags.name,
    statusFile: flags['status-file'],
    startupGraceMs: flags['startup-grace-ms'],
    command,
    args,
  });
}

export interface SupervisorStatus {
  service: string;
  supervisorPid: number;
  childPid: number | null;
  restarts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
}

export function restartDelayMs(crashTimes: number[], now: number): number {
  while (crashTimes.length > 0 && now - crashTimes[0]! > 60_000) crashTimes.shift();
  crashTimes.push(now);
  return Math.min(10_000, 200 * 2 ** (crashTimes.length - 1));
}

export function supervise(o: TSupervisorArgs, log: (line: string) => void): Promise<number> {
  const status: SupervisorStatus = {
    service: o.name,
    supervisorPid: process.pid,
    childPid: null,
    restarts: 0,
    lastExit: null,
  };
  const save = (): void => writeFileSync(o.statusFile, JSON.stringify(status) + '\n', { mode: 0o600 });
  const crashes: number[] = [];
  let child: ChildProcess | null = null;
  let stopping = false;
  return new Promise((resolve) => {
    const run = (): void => {
      const startedAt = Date.now();
      const first = status.restarts === 0;
      child = spawn(o.command, o.args, { stdio: 'inherit' });
      status.childPid = child.pid ?? null;
      save();
      child.once('exit', (code, signal) => {
        status.lastExit = { code, signal, at: new Date().toISOString() };
        status.childPid = null;
        save();
        if (stopping) return resolve(code ?? 0);
        if (first && signal === null && code !== 0 && Date.now() - startedAt < o.startupGraceMs) {
          log(`supervisor: ${o.name} failed at startup (exit ${code}); not restarting`);
          return resolve(code ?? 1);
        }
        const delay = restartDelayMs(crashes, Date.now());
        status.restarts++;
        save();
        log(
          JSON.stringify({
            event: 'supervisor_restart',
            service: o.name,
            code,
            signal,
            restartInMs: delay,
            restarts: status.restarts,
          }),
        );
        setTimeout(() => (stopping ? resolve(0) : run()), delay);
      });
    };
    const stop = (signal: NodeJS.Signals): void => {
      stopping = true;
      // The group signal usually reached the child too; forward in case it was sent to us alone.
      if (child !== null && child.exitCode === null && child.signalCode === null) child.kill(signal);
      else resolve(0);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    run();
  });
}
