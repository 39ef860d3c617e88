/**
 * The smallest Node proxy that redis-benchmark's GET and SET at -P 1 can go through: no auth,
 * no routing, requests only counted (each read holds whole requests at -P 1), one backend connection.
 * It uses the proxy's own I/O: clients read through the shared scratch buffer
 * (`adoptScratchRead`), the backend through `onread` into a buffer of its own, a turn's
 * requests are written to the backend as one buffer, and the replies are split by a minimal
 * RESP2 scanner and written straight back in arrival order. What it costs per request is what
 * any Node proxy pays on this path before its own logic (bench/node-floor-bench.ts).
 *
 *   node --import tsx bench/lib/node-floor-proxy.ts <port> <backendPort>
 */
import net from 'node:net';
import { z } from 'zod';
import { adoptScratchRead } from '../../apps/proxy/src/session/scratch-read.ts';

const [port, backendPort] = z
  .tuple([z.coerce.number().int().positive(), z.coerce.number().int().positive()])
  .parse(process.argv.slice(2));

const CR = 13;

/** The digits after a type byte at `i`, up to `cr` (RESP2 lengths). */
function length(b: Buffer, i: number, cr: number): number {
  if (b[i + 1] === 45) return -1; // '-': a null bulk or array
  let n = 0;
  for (let j = i + 1; j < cr; j++) n = n * 10 + b[j]! - 48;
  return n;
}

/** The end of the whole RESP2 reply (or request) starting at `i`, or -1 when `b` does not hold all of it yet. */
function replyEnd(b: Buffer, i: number): number {
  const cr = b.indexOf(CR, i);
  if (cr < 0 || cr + 1 >= b.length) return -1;
  const type = b[i];
  if (type === 36) {
    // '$': a bulk string
    const n = length(b, i, cr);
    const end = n < 0 ? cr + 2 : cr + 2 + n + 2;
    return end <= b.length ? end : -1;
  }
  if (type === 42) {
    // '*': an array (redis-benchmark's start-up CONFIG GET)
    let at = cr + 2;
    for (let k = length(b, i, cr); k > 0; k--) {
      at = at < b.length ? replyEnd(b, at) : -1;
      if (at < 0) return -1;
    }
    return at;
  }
  return cr + 2; // '+', '-', ':'
}

/** Clients waiting for a reply, oldest first. */
let waiting: net.Socket[] = [];
let head = 0;
let turn: Buffer[] = [];
let rest: Buffer | null = null;

const backendRead = Buffer.allocUnsafe(64 * 1024);
const backend = net.connect({
  host: '127.0.0.1',
  port: backendPort,
  noDelay: true,
  onread: {
    buffer: backendRead,
    callback(n: number): boolean {
      const data = rest === null ? backendRead.subarray(0, n) : Buffer.concat([rest, backendRead.subarray(0, n)]);
      let at = 0;
      for (let end = replyEnd(data, 0); end > 0; end = at < data.length ? replyEnd(data, at) : -1) {
        // A copy: the read buffer is reused by the next read, and a write may outlive this call.
        waiting[head++]!.write(Buffer.from(data.subarray(at, end)));
        at = end;
      }
      rest = at < data.length ? Buffer.from(data.subarray(at)) : null;
      if (head > 1024 && head * 2 > waiting.length) {
        waiting = waiting.slice(head);
        head = 0;
      }
      return true;
    },
  },
});
backend.on('error', (err) => {
  console.error(err);
  process.exit(1);
});

function endTurn(): void {
  backend.write(turn.length === 1 ? turn[0]! : Buffer.concat(turn));
  turn = [];
}

const server = net.createServer({ noDelay: true, pauseOnConnect: true }, (accepted) => {
  const socket = adoptScratchRead(accepted, 64 * 1024);
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    // One waiting entry per request in the read: redis-benchmark's start-up sends two at once.
    for (let at = 0; at < chunk.length; at = replyEnd(chunk, at)) {
      if (at < 0) throw new Error('a request split across reads: this proxy serves -P 1 GET and SET only');
      waiting.push(socket);
    }
    if (turn.push(chunk) === 1) setImmediate(endTurn);
  });
});
backend.once('connect', () => server.listen(port, '127.0.0.1', () => console.log('ready')));
