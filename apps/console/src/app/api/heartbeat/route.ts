/** Workers report name, region, applied version and metric summaries (worker token). */
import { handleHeartbeat } from '@switchyard/api';
import { getApiDeps } from '~/server/api-deps.ts';

export const dynamic = 'force-dynamic';

export function POST(req: Request): Promise<Response> {
  return handleHeartbeat(req, getApiDeps());
}
