/**
 * Real redis-server processes for tests, benchmarks and the demo stack. Each instance gets
 * its own port and working directory; nothing here ever talks to a shared Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TDataUser } from '@switchyard/core';
import { freePort } from './free-port.ts';
import { dataUserArgs, hardeningArgs } from './redis-security.ts';

export interface RedisOptions {
  port?: number;
  host?: string;
  /** Working directory; a fresh temp dir (removed on stop) when absent. */
  dir?: string;
  replicaOf?: { host: string; port: number };
  password?: string;
  cluster?: boolean;
  /** Issue 14: the managed ACL user the proxy's data connections authenticate as. */
  dataUser?: TDataUser;
  /** Extra `--name value` arguments (after the defaults, so they override them). */
  args?: string[];
}

export interface RedisProcess {
  readonly host: string;
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  pid(): number | undefined;
  /** SIGKILL, like a crash: no save, connections reset. */
  kill(): Promise<void>;
  /** Start again on the same port and dir (after kill()). */
  restart(): Promise<void>;
  /** Graceful stop; removes the temp dir if the harness made it. */
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startRedis(options: RedisOptions = {}): Promise<RedisProcess> {
  const host = options.host ?? '127.0.0.1';
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'sy-redis-')));
  let port = options.port ?? (await freePort(host));
  let child: ChildProcess | undefined;

  const args = (): string[] => {
    const list = ['--port', String(port), '--bind', host, '--dir', dir, '--save', '', '--appendonly', 'no'];
    list.push('--daemonize', 'no', '--protected-mode', 'no', '--loglevel', 'warning', '--logfile', '');
    // Replicas would otherwise wait 5 s before their first full sync.
    list.push('--repl-diskless-sync-delay', '0');
    if (options.replicaOf) list.push('--replicaof', options.replicaOf.host, String(options.replicaOf.port));
    if (options.password) list.push('--requirepass', options.password, '--masterauth', options.password);
    if (options.cluster)
      list.push('--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '2000');
    // Issue 14: tests run the same backend hardening as the demo (sanitized RESTORE, busy threshold, one DB).
    list.push(...hardeningArgs());
    if (options.dataUser) list.push(...dataUserArgs(options.dataUser));
    return [...list, ...(options.args ?? [])];
  };

  const launch = async (): Promise<void> => {
    const proc = spawn('redis-server', args(), { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    live.add(proc);
    proc.once('exit', () => live.delete(proc));
    const spawned = new Promise<never>((_, reject) => {
      proc.once('error', (err) =>
        reject(new Error(`cannot run redis-server (${err.message}); install it: apt-get install -y redis-server`)),
      );
      proc.once('exit', (code) =>
        reject(new Error(`redis-server on port ${port} exited with ${code}: ${stderr.trim()}`)),
      );
    });
    await Promise.race([waitForPong(port, host), spawned]);
    child = proc;
  };

  const terminate = async (signal: NodeJS.Signals): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill(signal);
    await exited;
  };

  for (let attempt = 0; ; attempt++) {
    try {
      await launch();
      break;
    } catch (err) {
      // Another process may take a "free" port between freePort() and bind(): pick another.
      if (options.port !== undefined || attempt >= 3) throw err;
      port = await freePort(host);
    }
  }

  return {
    host,
    get port() {
      return port;
    },
    get url() {
      return `redis://${host}:${port}`;
    },
    dir,
    pid: () => child?.pid,
    kill: () => terminate('SIGKILL'),
    restart: launch,
    stop: async () => {
      await terminate('SIGTERM');
      if (ownsDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One RESP round trip on a fresh socket; resolves with the raw reply line. */
export function redisCommand(port: number, host: string, argv: readonly string[], timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${host}:${port} did not answer ${argv[0]}`));
    }, timeoutMs);
    let reply = '';
    socket.on('connect', () => {
      socket.write(`*${argv.length}\r\n` + argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join(''));
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (isCompleteReply(reply)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Good enough for status, error, integer and single bulk replies (what the harness sends). */
function isCompleteReply(text: string): boolean {
  const end = text.indexOf('\r\n');
  if (end < 0) return false;
  if (text[0] !== '$') return true;
  const length = Number(text.slice(1, end));
  return length < 0 || text.length >= end + 2 + length + 2;
}

async function waitForPong(port: number, host: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const reply = await redisCommand(port, host, ['PING'], 500);
      // With requirepass the server answers NOAUTH: it is up, which is all we wait for.
      if (reply.startsWith('+PONG') || reply.startsWith('-NOAUTH')) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`redis-server on ${host}:${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 30));
  }
}
