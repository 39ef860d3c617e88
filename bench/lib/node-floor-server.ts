/**
 * The smallest Node RESP server that redis-benchmark's PING_INLINE accepts: no parsing, no
 * routing, one reply per read (so -P 1 only), written on the next tick the way the proxy's
 * client session writes. What it costs per request is the floor of Node's socket machinery
 * (read event, Buffer, stream write), which any Node proxy pays before its own logic.
 * Run by bench/node-floor-bench.ts: `node bench/lib/node-floor-server.ts <port>`.
 */
import net from 'node:net';

const PONG = Buffer.from('+PONG\r\n');
/** redis-benchmark's start-up `CONFIG GET save` / `appendonly`: an empty answer will do. */
const EMPTY_ARRAY = Buffer.from('*0\r\n');
const STAR = 42;

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) throw new Error('usage: node-floor-server.ts <port>');

net
  .createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    let pending: Buffer | null = null;
    socket.on('data', (chunk: Buffer) => {
      const reply = chunk[0] === STAR ? EMPTY_ARRAY : PONG;
      if (pending !== null) return;
      pending = reply;
      process.nextTick(() => {
        socket.write(pending!);
        pending = null;
      });
    });
  })
  .listen(port, '127.0.0.1', () => console.log('ready'));
