import { router } from '../../trpc.ts';
import { decodeIdRoute } from './decode-id.ts';
import { routePreviewRoute } from './route-preview.ts';

export const toolsRouter = router({
  decodeId: decodeIdRoute,
  routePreview: routePreviewRoute,
});
