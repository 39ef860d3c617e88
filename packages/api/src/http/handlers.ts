/**
 * HTTP entry points as Fetch-API handlers (Request → Response). The Next.js route handlers
 * are one-liners around these, and tests mount the very same functions on node:http.
 */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { z } from 'zod';
import { createContext } from '../context.ts';
import type { ApiDeps } from '../deps.ts';
import { appRouter } from '../routers/app-router.ts';
import { clearedSessionCookie, login, logout, resolveWorker, sessionCookie } from '../services/auth-service.ts';
import { pollConfig } from '../services/config-poll-service.ts';
import { recordHeartbeat, ZHeartbeat } from '../services/fleet-service.ts';
import { recordHeartbeatMetrics } from '../services/metrics-service.ts';
import { limitBody } from './body-limit.ts';
import { clientAddress } from './client-address.ts';
import { foreignOrigin, isHttps, json, jsonError, readJson } from './json-response.ts';

export const TRPC_ENDPOINT = '/api/trpc';

export async function handleTrpc(req: Request, deps: ApiDeps): Promise<Response> {
  const limited = await limitBody(req, deps.options.maxRequestBytes);
  if (limited instanceof Response) return limited;
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: limited,
    router: appRouter,
    createContext: () => createContext(deps, { headers: limited.headers }),
  });
}

const ZAfter = z.coerce.number().int().min(0).default(0);
/** Optional: the worker's name, so a canary version reaches only its canaries (an invalid one counts as absent). */
const ZWorkerName = z.string().min(1).max(200).optional();

/** `GET /api/config?after=N` (worker token): 200 with a newer version, or 304 after the hold. */
export async function handleConfig(req: Request, deps: ApiDeps): Promise<Response> {
  if (!(await resolveWorker(deps.db, req.headers)))
    return jsonError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <worker token>');
  const after = ZAfter.safeParse(new URL(req.url).searchParams.get('after') ?? undefined);
  if (!after.success) return jsonError(400, 'INVALID_INPUT', '`after` must be a non-negative integer version');
  const worker = ZWorkerName.safeParse(new URL(req.url).searchParams.get('worker') ?? undefined);
  const found = await pollConfig(deps.db, after.data, {
    worker: worker.success ? (worker.data ?? null) : null,
    timeoutMs: deps.options.configPollTimeoutMs,
    recheckMs: deps.options.configPollRecheckMs,
    listenUrl: deps.databaseUrl,
    signal: req.signal,
  });
  if (!found) return new Response(null, { status: 304, headers: { 'cache-control': 'no-store' } });
  return json(200, found, { etag: `"${found.hash}"` });
}

/** `POST /api/heartbeat` (worker token): upserts the worker's row. */
export async function handleHeartbeat(req: Request, deps: ApiDeps): Promise<Response> {
  if (!(await resolveWorker(deps.db, req.headers)))
    return jsonError(401, 'UNAUTHENTICATED', 'send Authorization: Bearer <worker token>');
  const beat = ZHeartbeat.safeParse(await readJson(req));
  if (!beat.success) return jsonError(400, 'INVALID_INPUT', z.prettifyError(beat.error));
  await recordHeartbeat(deps.db, beat.data);
  await recordHeartbeatMetrics(deps.db, beat.data, { retentionDays: deps.options.metricsRetentionDays });
  return json(200, { ok: true });
}

const ZLogin = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) });

/** `POST /api/auth/login` {email, password}: sets the `sy_session` cookie. */
export async function handleLogin(req: Request, deps: ApiDeps): Promise<Response> {
  if (foreignOrigin(req)) return jsonError(403, 'CSRF_ORIGIN', 'the request Origin does not match the console host');
  const limited = await limitBody(req, deps.options.maxRequestBytes);
  if (limited instanceof Response) return limited;
  const body = ZLogin.safeParse(await readJson(limited));
  if (!body.success) return jsonError(400, 'INVALID_INPUT', 'send JSON {"email": "...", "password": "..."}');
  const attempt = { email: body.data.email, password: body.data.password, address: clientAddress(req.headers) };
  const result = await login(deps, attempt);
  if (!result) return jsonError(401, 'UNAUTHENTICATED', 'wrong email or password');
  if ('throttled' in result) {
    const seconds = Math.ceil(result.retryAfterMs / 1000);
    return new Response(
      JSON.stringify({
        error: { code: 'TOO_MANY_ATTEMPTS', message: `too many failed logins; try again in ${seconds} s` },
      }),
      {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': String(seconds) },
      },
    );
  }
  const { actor } = result;
  return json(
    200,
    { user: { email: actor.email, name: actor.name, role: actor.role } },
    { 'set-cookie': sessionCookie(result.token, result.expiresAt, isHttps(req)) },
  );
}

/** `POST /api/auth/logout`: deletes the session and clears the cookie. */
export async function handleLogout(req: Request, deps: ApiDeps): Promise<Response> {
  if (foreignOrigin(req)) return jsonError(403, 'CSRF_ORIGIN', 'the request Origin does not match the console host');
  await logout(deps.db, req.headers);
  return json(200, { ok: true }, { 'set-cookie': clearedSessionCookie() });
}
