/**
 * A small local webhook receiver for the demo stack and the notification tests: it appends
 * every POST it gets to a JSON-lines log (time, path, headers of interest, parsed body) and
 * answers 200, or 503 for the first `failFirst` requests (to show the sender's retries).
 */
import { appendFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  at: string;
  path: string;
  event: string | null;
  signature: string | null;
  /** The body as JSON, or as text when it is not JSON. */
  body: unknown;
  /** 200, or 503 while failing on purpose. */
  status: number;
}

export interface WebhookReceiver {
  port: number;
  url: string;
  received: ReceivedNotification[];
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

export async function startWebhookReceiver(
  o: { port?: number; host?: string; logFile?: string; failFirst?: number } = {},
): Promise<WebhookReceiver> {
  // The log exists from the start (empty until the first delivery): the start banner points at it.
  if (o.logFile) await appendFile(o.logFile, '');
  const received: ReceivedNotification[] = [];
  let failuresLeft = o.failFirst ?? 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      const status = req.method !== 'POST' ? 405 : failuresLeft-- > 0 ? 503 : 200;
      const header = (name: string): string | null => {
        const v = req.headers[name];
        return typeof v === 'string' ? v : null;
      };
      const entry: ReceivedNotification = {
        at: new Date().toISOString(),
        path: req.url ?? '/',
        event: header('x-switchyard-event'),
        signature: header('x-switchyard-signature'),
        body,
        status,
      };
      received.push(entry);
      const logged = o.logFile ? appendFile(o.logFile, `${JSON.stringify(entry)}\n`) : Promise.resolve();
      void logged
        .catch(() => undefined)
        .finally(() => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(status === 200 ? '{"ok":true,"errcode":0}' : '{"ok":false}');
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://${o.host ?? '127.0.0.1'}:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
