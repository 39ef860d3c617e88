/**
 * Long-lived services of the demo stack. Each runs detached in its own process group, so
 * `npm run up` can return while they keep running, and `down` can stop a service together
 * with anything it forked (node:cluster workers, Next's children).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inheritedEnv } from '../env.ts';
import { waitForPort } from '../harness/free-port.ts';
import type { TProcessEntry } from './state.ts';

export interface ServiceSpec {
  name: string;
  kind: TProcessEntry['kind'];
  command: string;
  args: readonly string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  logDir: string;
  /** Ready once this port accepts connections. */
  port?: number;
  readyTimeoutMs?: number;
  /** Run under the stack's supervisor (bin/supervise.ts), which restarts it when it crashes. */
  supervised?: boolean;
}

const SUPERVISE = path.resolve(import.meta.dirname, '..', 'bin', 'supervise.ts');
/** tsx's loader by absolute URL: a service's cwd need not be inside the repository. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The command line that runs the spec, wrapped in the supervisor when asked. */
export function serviceCommand(spec: ServiceSpec): { command: string; args: string[] } {
  if (!spec.supervised) return { command: spec.command, args: [...spec.args] };
  const statusFile = path.join(spec.logDir, `${spec.name}.supervisor.json`);
  return {
    command: process.execPath,
    args: [
      '--import',
      TSX,
      SUPERVISE,
      '--name',
      spec.name,
      '--status-file',
      statusFile,
      '--',
      spec.command,
      ...spec.args,
    ],
  };
}

export async function startService(spec: ServiceSpec): Promise<TProcessEntry> {
  mkdirSync(spec.logDir, { recursive: true });
  const log = path.join(spec.logDir, `${spec.name}.log`);
  const fd = openSync(log, 'a');
  const run = serviceCommand(spec);
  const child = spawn(run.command, run.args, {
    cwd: spec.cwd,
    env: { ...inheritedEnv(), ...spec.env },
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`${spec.name}: cannot run ${spec.command}: ${err.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`${spec.name} exited early (${signal ?? code}); see ${log}`)),
    );
  });
  failed.catch(() => undefined);
  if (child.pid === undefined) await failed;
  const entry: TProcessEntry = {
    name: spec.name,
    kind: spec.kind,
    pid: child.pid ?? -1,
    log,
    ...(spec.port ? { port: spec.port } : {}),
  };
  if (spec.port !== undefined) {
    await Promise.race([waitForPort(spec.port, '127.0.0.1', spec.readyTimeoutMs ?? 60_000), failed]);
  }
  child.unref();
  return entry;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** SIGTERM the whole group, then SIGKILL whatever is left after graceMs. */
export async function stopService(pid: number, graceMs = 10_000): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): boolean => {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      try {
        process.kill(pid, signal);
        return true;
      } catch {
        return false;
      }
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pid)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  signalGroup('SIGKILL');
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return isAlive(pid);
  }
}
