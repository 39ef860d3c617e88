/**
 * A bare Postgres wire client for tests that need to control exactly which bytes go out
 * when (pg always sends a whole Parse/Bind/Execute/Sync batch in one write).
 */
import { connect } from 'node:net';
import type { Socket } from 'node:net';

const cstr = (s: string): Buffer => Buffer.from(`${s}\0`);

export function wireMessage(type: string, body: Buffer): Buffer {
  const b = Buffer.alloc(5 + body.length);
  b.write(type, 0, 'latin1');
  b.writeInt32BE(4 + body.length, 1);
  body.copy(b, 5);
  return b;
}

export const parse = (sql: string): Buffer =>
  wireMessage('P', Buffer.concat([cstr(''), cstr(sql), Buffer.from([0, 0])]));
export const bindNoParams = (): Buffer => wireMessage('B', Buffer.concat([cstr(''), cstr(''), Buffer.alloc(6)]));
export const executeAll = (): Buffer => wireMessage('E', Buffer.concat([cstr(''), Buffer.alloc(4)]));
export const sync = (): Buffer => wireMessage('S', Buffer.alloc(0));
export const simpleQuery = (sql: string): Buffer => wireMessage('Q', cstr(sql));

export interface RawConnection {
  socket: Socket;
  /** Everything received so far, as latin1 text (fine for searching ASCII values). */
  received(): string;
  /** Resolves once the received text contains `needle` (ReadyForQuery is `Z\0\0\0\x05`). */
  waitFor(needle: string, timeoutMs?: number): Promise<void>;
  close(): void;
}

export async function rawConnect(url: string): Promise<RawConnection> {
  const u = new URL(url);
  const socket = connect(Number(u.port), u.hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  const body = Buffer.concat([
    Buffer.alloc(4),
    cstr('user'),
    cstr('postgres'),
    cstr('database'),
    cstr('postgres'),
    Buffer.from([0]),
  ]);
  body.writeInt32BE(196608, 0);
  const len = Buffer.alloc(4);
  len.writeInt32BE(body.length + 4, 0);
  socket.write(Buffer.concat([len, body]));
  // The embedded server asks for a cleartext password; it reads this once it has asked.
  if (u.password) socket.write(wireMessage('p', cstr(decodeURIComponent(u.password))));
  const conn: RawConnection = {
    socket,
    received: () => text,
    waitFor: async (needle, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!text.includes(needle)) {
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${JSON.stringify(needle)}; got ${JSON.stringify(text)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => socket.destroy(),
  };
  await conn.waitFor('Z\0\0\0\x05I');
  text = '';
  return conn;
}
