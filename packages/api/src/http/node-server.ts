/**
 * Mounts the handlers on a plain node:http server: for tests and the CLI's integration
 * tests, which then exercise exactly the code the Next.js route handlers call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiDeps } from '../deps.ts';
import { startWorkflowResumer } from '../services/workflow/resumer.ts';
import { handleConfig, handleHeartbeat, handleLogin, handleLogout, handleTrpc, TRPC_ENDPOINT } from './handlers.ts';

type Handler = (req: Request, deps: ApiDeps) => Promise<Response>;

function pick(method: string, pathname: string): Handler | null {
  if (pathname.startsWith(`${TRPC_ENDPOINT}/`)) return handleTrpc;
  if (pathname === '/api/config' && method === 'GET') return handleConfig;
  if (pathname === '/api/heartbeat' && method === 'POST') return handleHeartbeat;
  if (pathname === '/api/auth/login' && method === 'POST') return handleLogin;
  if (pathname === '/api/auth/logout' && method === 'POST') return handleLogout;
  return null;
}

async function toRequest(req: http.IncomingMessage, base: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  // Like a reverse proxy: the socket address goes last, where clientAddress() reads it.
  const remote = req.socket.remoteAddress ?? 'unknown';
  const forwarded = headers.get('x-forwarded-for');
  headers.set('x-forwarded-for', forwarded ? `${forwarded}, ${remote}` : remote);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', base), { method: req.method, headers, body, signal });
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export interface ApiServerOptions {
  /** Run the workflow resumer like the console does at start-up (drills that restart "the console"). */
  resumeWorkflows?: boolean;
}

export async function startApiServer(deps: ApiDeps, port = 0, options: ApiServerOptions = {}): Promise<ApiServer> {
  const resumer = options.resumeWorkflows ? startWorkflowResumer(deps) : null;
  const server = http.createServer((req, res) => {
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    void (async () => {
      const handler = pick(req.method ?? 'GET', new URL(req.url ?? '/', 'http://x').pathname);
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      try {
        const response = await handler(
          await toRequest(req, `http://${req.headers.host ?? 'localhost'}`, abort.signal),
          deps,
        );
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      } catch (error) {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'INTERNAL', message: (error as Error).message } }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: async () => {
      await resumer?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
