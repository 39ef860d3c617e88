/** Raw-socket helper for byte-level protocol tests (proxy vs direct redis-server). */
import net from 'node:net';

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
