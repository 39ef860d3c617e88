/** Small Fetch-API helpers shared by the route handlers. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  });

/** Errors carry a stable code (the same catalog as the tRPC errors) and a what-to-do message. */
export const jsonError = (status: number, code: string, message: string): Response =>
  json(status, { error: { code, message } });

export function isHttps(req: Request): boolean {
  return req.headers.get('x-forwarded-proto') === 'https' || new URL(req.url).protocol === 'https:';
}

/** A browser-sent Origin must name this host; requests without one (CLI, workers) pass. */
export function foreignOrigin(req: Request): boolean {
  const origin = req.headers.get('origin');
  if (!origin) return false;
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? new URL(req.url).host;
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    return undefined;
  }
}
