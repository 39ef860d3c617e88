import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { adoptScratchRead } from './scratch-read.ts';

interface Harness {
  server: net.Server;
  port: number;
  adopted: net.Socket[];
  received: Map<net.Socket, Buffer[]>;
}

const open: net.Server[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function harness(): Promise<Harness> {
  const adopted: net.Socket[] = [];
  const received = new Map<net.Socket, Buffer[]>();
  const server = net.createServer({ pauseOnConnect: true }, (accepted) => {
    const socket = adoptScratchRead(accepted, 64 * 1024);
    expect(socket).not.toBe(accepted);
    adopted.push(socket);
    received.set(socket, []);
    socket.on('data', (chunk: Buffer) => received.get(socket)!.push(chunk));
  });
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as net.AddressInfo).port, adopted, received };
}

const connect = (port: number): Promise<net.Socket> =>
  new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => resolve(c));
  });

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('adoptScratchRead', () => {
  it('gives every connection exactly its own bytes, small reads and 300 KB ones, interleaved', async () => {
    const h = await harness();
    const clients = await Promise.all(Array.from({ length: 8 }, () => connect(h.port)));
    await until(() => h.adopted.length === clients.length);
    const sent = clients.map(() => [] as Buffer[]);
    for (let round = 0; round < 40; round++) {
      clients.forEach((c, i) => {
        const size = round === 20 ? 300 * 1024 : 1 + ((round * 7 + i * 13) % 200);
        const part = Buffer.alloc(size, `${i}:${round};`);
        sent[i]!.push(part);
        c.write(part);
      });
      await new Promise((r) => setImmediate(r));
    }
    const total = (bufs: Buffer[]): number => bufs.reduce((n, b) => n + b.length, 0);
    await until(() => h.adopted.every((s, i) => total(h.received.get(s)!) === total(sent[i]!)));
    // Accept order is not connect order: match each server socket to its client by content.
    const got = h.adopted.map((s) => Buffer.concat(h.received.get(s)!).toString('latin1'));
    const want = sent.map((parts) => Buffer.concat(parts).toString('latin1'));
    expect(got.sort()).toEqual(want.sort());
    for (const c of clients) c.destroy();
  });

  it('pause stops reading and resume starts it again (the session backpressure)', async () => {
    const h = await harness();
    const client = await connect(h.port);
    await until(() => h.adopted.length === 1);
    const socket = h.adopted[0]!;
    const chunks = h.received.get(socket)!;
    socket.pause();
    client.write('held');
    await new Promise((r) => setTimeout(r, 50));
    expect(chunks).toEqual([]);
    socket.resume();
    await until(() => Buffer.concat(chunks).toString() === 'held');
    client.destroy();
  });

  it("the client's end closes the socket, and replies written to it arrive", async () => {
    const h = await harness();
    const client = await connect(h.port);
    await until(() => h.adopted.length === 1);
    const socket = h.adopted[0]!;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const reply = new Promise<string>((resolve) => client.once('data', (b: Buffer) => resolve(b.toString())));
    socket.write('+OK\r\n');
    expect(await reply).toBe('+OK\r\n');
    client.end();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
