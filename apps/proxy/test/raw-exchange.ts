/** Raw-socket helper for byte-level protocol tests (proxy vs direct redis-server). */
import net from 'node:net';
import { waitUntil } from '@switchyard/stack/harness';
import { command } from '../src/resp/encode.ts';

/** Sends the payload on a fresh socket and collects the raw reply bytes until the socket goes quiet. */
export function exchange(
  port: number,
  payload: Buffer | string,
  quietMs = 250,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let text = '';
    let timer: NodeJS.Timeout;
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    socket.on('data', (d) => {
      text += d.toString('latin1');
      arm();
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      socket.write(payload);
      arm();
    });
  });
}

export interface RawSession {
  send(...args: string[]): void;
  /** All bytes received so far (latin1), once they contain `text`. */
  until(text: string): Promise<string>;
  close(): void;
}

/** A raw connection that can wait for bytes, for pushes that arrive later (subscribe mode, RESP3). */
export async function rawSession(port: number): Promise<RawSession> {
  const socket = net.connect(port, '127.0.0.1');
  let data = '';
  socket.on('data', (c) => (data += c.toString('latin1')));
  await new Promise((r) => socket.once('connect', r));
  return {
    send: (...args) => socket.write(command(args)),
    until: (text) =>
      waitUntil(
        async () => data,
        (d) => d.includes(text),
        `reply containing ${JSON.stringify(text)}`,
        5000,
        10,
      ),
    close: () => socket.destroy(),
  };
}
