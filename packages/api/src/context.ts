/**
 * The per-request context: dependencies plus who is calling. Built from request headers
 * (session cookie or `Authorization: Bearer <api token>`), so the same code serves the
 * Next.js route handler, server components, the CLI's HTTP calls and tests.
 */
import type { ApiDeps } from './deps.ts';
import { clientAddress } from './http/client-address.ts';
import type { Actor } from './roles.ts';
import { resolveActor } from './services/auth-service.ts';

export interface Context extends ApiDeps {
  actor: Actor | null;
  /**
   * False when a cookie-authenticated HTTP request came with an Origin that is not this
   * console (CSRF). Token-authenticated requests cannot be forged by a browser: always true.
   */
  originOk: boolean;
  /** Source address (http/client-address.ts), for the per-address budget of refusal audit rows. */
  clientAddress: string;
}

export interface ContextRequest {
  headers: Headers;
}

export async function createContext(deps: ApiDeps, request?: ContextRequest): Promise<Context> {
  if (!request) return { ...deps, actor: null, originOk: true, clientAddress: 'internal' };
  const actor = await resolveActor(deps.db, request.headers);
  const originOk = actor?.via !== 'session' || sameOrigin(request.headers);
  return { ...deps, actor, originOk, clientAddress: clientAddress(request.headers) };
}

/** A context acting as a given user, for server-side jobs and tests. */
export const contextForActor = (deps: ApiDeps, actor: Actor): Context => ({
  ...deps,
  actor,
  originOk: true,
  clientAddress: 'internal',
});

function sameOrigin(headers: Headers): boolean {
  const origin = headers.get('origin');
  const host = headers.get('x-forwarded-host') ?? headers.get('host');
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
