/** Ends the session and clears its cookie. */
import { handleLogout } from '@switchyard/api';
import { getApiDeps } from '~/server/api-deps.ts';

export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return handleLogout(req, getApiDeps());
}
