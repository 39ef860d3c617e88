/**
 * Client sockets read through one shared scratch buffer (net's `onread`) instead of the
 * Readable stream (issue 20). Node's default gives every read a fresh 64 KiB backing store,
 * shrinks it, and pushes it through the stream (`addChunk`, `maybeReadMore`, a tick per read
 * and, in Node 20, a new Map per tick drain): ~0.7 KB allocated per -P 1 request, a third of the
 * total, and the scavenges that set the p99. Here each read is copied out of the scratch into
 * `Buffer.allocUnsafe(n)` (small reads share Node's 8 KiB pool) and emitted as 'data', so a
 * session reads it as before.
 *
 * Node offers `onread` only to sockets it constructs; a server's sockets are built inside
 * `net`, so `adoptScratchRead` moves the accepted connection's handle into a new socket. That
 * uses net's `handle` option and the accepted socket's `_handle`, both internal; if they are
 * not what this expects the accepted socket is used as it is.
 */
import net from 'node:net';

/**
 * Safe to share: libuv reads one socket at a time and runs its callback, which copies the
 * bytes out, before reading the next.
 */
const scratch = Buffer.allocUnsafe(64 * 1024);

interface WithHandle {
  _handle: { readStart?: unknown } | null;
}

/**
 * A socket on `accepted`'s connection that reads through the scratch buffer, or `accepted`
 * itself (resumed) when its handle cannot be moved. `accepted` must come from a server with
 * `pauseOnConnect`, so no byte has been read into its own stream.
 */
export function adoptScratchRead(accepted: net.Socket, highWaterMark: number): net.Socket {
  const old = accepted as unknown as WithHandle;
  const handle = old._handle;
  if (handle === null || typeof handle.readStart !== 'function') {
    accepted.resume();
    return accepted;
  }
  old._handle = null;
  // Closes nothing (the handle is gone); it settles the server's connection count.
  accepted.destroy();
  // `handle`, `highWaterMark` and `onread` are net.Socket options its types do not list there.
  const options: net.SocketConstructorOpts & net.ConnectOpts & { handle: object; highWaterMark: number } = {
    handle,
    readable: true,
    writable: true,
    highWaterMark,
    onread: {
      buffer: scratch,
      callback: (n: number): boolean => {
        const chunk = Buffer.allocUnsafe(n);
        scratch.copy(chunk, 0, 0, n);
        socket.emit('data', chunk);
        return true; // keep reading: pause() and resume() still stop and restart it
      },
    },
  };
  const socket = new net.Socket(options);
  return socket;
}
