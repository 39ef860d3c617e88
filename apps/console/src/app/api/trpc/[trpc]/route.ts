/** The tRPC HTTP adapter: every console procedure, for the browser (cookie) and syctl (token). */
import { handleTrpc } from '@switchyard/api';
import { getApiDeps } from '~/server/api-deps.ts';

export const dynamic = 'force-dynamic';

const handler = (req: Request): Promise<Response> => handleTrpc(req, getApiDeps());
export { handler as GET, handler as POST };
