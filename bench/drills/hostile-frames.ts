/** Seeded generator of hostile RESP (random commands, mutated frames, oversized headers), and a confirmed send. */
import type { Socket } from 'node:net';

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const COMMANDS = [
  'GET',
  'SET',
  'MGET',
  'MSET',
  'HGET',
  'HSET',
  'HGETALL',
  'DEL',
  'EXPIRE',
  'INCR',
  'PING',
  'ECHO',
  'TTL',
  'EXISTS',
  'KEYS',
  'FLUSHALL',
  'CONFIG',
  'EVAL',
  'SCAN',
  'CLIENT',
  'INFO',
  'SY.NEWID',
  'AUTH',
  'SELECT',
  'DEBUG',
  'NOSUCHCMD',
  'get',
  'sEt',
];

function bulk(arg: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`$${arg.length}\r\n`), arg, Buffer.from('\r\n')]);
}

export function frame(args: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from(`*${args.length}\r\n`), ...args.map(bulk)]);
}

function randomArg(r: () => number): Buffer {
  const kind = r();
  if (kind < 0.3) return Buffer.from(`${Math.floor(r() * 2 ** 53)}`);
  if (kind < 0.5) return Buffer.from(`stable_${Math.floor(r() * 1e9)}`);
  if (kind < 0.6) return Buffer.from(`member_list_{${Math.floor(r() * 1e12)}}`);
  const bytes = Buffer.alloc(Math.floor(r() * 64));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(r() * 256);
  return bytes;
}

function randomCommand(r: () => number): Buffer {
  const name = COMMANDS[Math.floor(r() * COMMANDS.length)]!;
  const args = Array.from({ length: Math.floor(r() * 5) }, () => randomArg(r));
  return frame([Buffer.from(name), ...args]);
}

/** Flips, truncates or injects bytes: most of these desync the stream, so they end a batch. */
function mutate(r: () => number, f: Buffer): Buffer {
  const out = Buffer.from(f);
  const at = Math.floor(r() * out.length);
  const how = r();
  if (how < 0.4) out[at] = Math.floor(r() * 256);
  else if (how < 0.7) return Buffer.concat([out.subarray(0, at), Buffer.from('\r\n'), out.subarray(at)]);
  else out[at] = 0x2d; // '-'
  return out;
}

const OVERSIZED = [
  '*99999999999\r\n',
  '$99999999999\r\n',
  '*2\r\n$3\r\nGET\r\n$-7\r\n',
  '*1048577\r\n',
  '*-5\r\n',
  '*2\r\n$3\r\nGET\r\n$4000000000\r\n',
  `${'A'.repeat(70_000)}`,
  '*1\r\n$3\r\nGET\r\n*0\r\n',
];

/**
 * One batch body: AUTH (so frames reach routing), then `count` frames of which ~90 % are
 * random well-formed commands and ~10 % inline PINGs. `hostileTail` gives what may follow
 * a batch: a mutated or oversized frame (after it the proxy may drop the connection) or null.
 */
export function hostileBatch(seed: number, count: number, secret: string): { bytes: Buffer; frames: number } {
  const r = rng(seed);
  const parts: Buffer[] = [frame([Buffer.from('AUTH'), Buffer.from('demo'), Buffer.from(secret)])];
  for (let i = 0; i < count - 1; i++)
    parts.push(r() < 0.1 ? Buffer.from(`PING ${Math.floor(r() * 1000)}\r\n`) : randomCommand(r));
  return { bytes: Buffer.concat(parts), frames: parts.length };
}

export function hostileTail(seed: number): Buffer | null {
  const r = rng(seed);
  const tail = r();
  if (tail < 0.25) return mutate(r, randomCommand(r));
  if (tail < 0.35) return Buffer.from(OVERSIZED[Math.floor(r() * OVERSIZED.length)]!);
  return null;
}

let marker = 0;

/** Writes one body, then an inline PING marker; resolves true once the marker's reply arrives. */
export function sendConfirmed(socket: Socket, bytes: Buffer, waitMs: number): Promise<boolean> {
  const tag = `mk${++marker}z`;
  return new Promise((resolve) => {
    let tailBuf = '';
    const onData = (d: Buffer): void => {
      tailBuf = (tailBuf + d.toString('latin1')).slice(-64);
      if (tailBuf.includes(tag)) finish(true);
    };
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onClose = (): void => finish(false);
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(Buffer.concat([bytes, Buffer.from(`PING ${tag}\r\n`)]));
  });
}
