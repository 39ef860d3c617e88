/** `POST {email, password}` → sets the `sy_session` cookie (HttpOnly, SameSite=Strict, 12 h). */
import { handleLogin } from '@switchyard/api';
import { getApiDeps } from '~/server/api-deps.ts';

export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return handleLogin(req, getApiDeps());
}
