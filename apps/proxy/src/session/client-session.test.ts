import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as resp from '../resp/encode.ts';
import { fakeWorker, type FakeWorker } from '../testing/fake-session.ts';
import type { CommandHandler } from './port.ts';
import { listenProxy, type ProxyServer } from './proxy-server.ts';

let worker: FakeWorker;
let server: ProxyServer;
afterEach(async () => {
  await server.close(100);
  worker.close();
});

/** Sends `request` on a fresh connection and resolves with everything read until the server closes or `until` matches. */
function exchange(port: number, request: string, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (until.test(text)) socket.end();
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

async function serve(handler: CommandHandler): Promise<number> {
  worker = fakeWorker();
  server = await listenProxy(worker.ctx, handler, 0, '127.0.0.1');
  return server.port;
}

describe('the session is handed its command handler', () => {
  it('passes each pipelined request to the handler in order, and writes replies in request order', async () => {
    const seen: string[] = [];
    const port = await serve((session, command) => {
      const name = command.text(0);
      seen.push(name);
      // The first request answers late: the second's reply must wait behind it.
      if (name === 'first') {
        const slot = session.reserve();
        setTimeout(() => session.fillWhole(slot, resp.status('ONE')), 20);
      } else session.reply(resp.status('TWO'));
    });
    const text = await exchange(port, '*1\r\n$5\r\nfirst\r\n*1\r\n$6\r\nsecond\r\n', /TWO\r\n/);
    expect(seen).toEqual(['first', 'second']);
    expect(text).toBe('+ONE\r\n+TWO\r\n');
  });

  it('writes the replies of one event-loop turn after every request read in it was handled', async () => {
    // Redis writes replies before it sleeps again, not after each read; replying after each
    // read means one wake-up of the client per reply (a cached pipelined GET cost 1.3x an
    // uncached one). Both clients' requests are in the kernel before the worker's next poll.
    const repliesOutAtHandling: number[] = [];
    let handled = 0;
    const port = await serve((session) => {
      for (const peer of session.peers) if (peer !== session) repliesOutAtHandling.push(peer.socket.bytesWritten);
      session.reply(resp.status('OK'));
      handled++;
    });
    const clients = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
            socket.on('error', reject);
          }),
      ),
    );
    await vi.waitFor(() => expect(server.sessions.size).toBe(2));
    const replies = clients.map(
      (socket) => new Promise<string>((resolve) => socket.once('data', (chunk) => resolve(chunk.toString('latin1')))),
    );
    for (const socket of clients) socket.write('*1\r\n$4\r\nPING\r\n');
    expect(await Promise.all(replies)).toEqual(['+OK\r\n', '+OK\r\n']);
    expect(handled).toBe(2);
    expect(repliesOutAtHandling).toEqual([0, 0]);
    for (const socket of clients) socket.destroy();
  });

  it('answers INTERNAL and closes the connection when the handler throws, and the worker keeps serving', async () => {
    const port = await serve((session, command) => {
      if (command.text(0) === 'boom') throw new Error('bug');
      session.reply(resp.status('OK'));
    });
    const text = await exchange(port, '*1\r\n$4\r\nboom\r\n', /$^/);
    expect(text).toBe('-ERR SWITCHYARD internal error; the connection will be closed (see the worker log)\r\n');
    expect(await exchange(port, '*1\r\n$2\r\nok\r\n', /OK\r\n/)).toBe('+OK\r\n');
  });
});
