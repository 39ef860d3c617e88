/** Workers long-poll `GET /api/config?after=<version>` (worker token): 200 with a newer version, or 304. */
import { handleConfig } from '@switchyard/api';
import { getApiDeps } from '~/server/api-deps.ts';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Promise<Response> {
  return handleConfig(req, getApiDeps());
}
