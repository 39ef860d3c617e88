import { router } from '../../trpc.ts';
import { failoverStatusRoute } from './status.ts';
import { failoverPreviewRoute } from './preview.ts';
import { failoverSetRoute } from './set.ts';
import { failoverClearRoute } from './clear.ts';
import { failoverFailbackPreviewRoute } from './failback-preview.ts';

export const failoverRouter = router({
  status: failoverStatusRoute,
  preview: failoverPreviewRoute,
  set: failoverSetRoute,
  clear: failoverClearRoute,
  failbackPreview: failoverFailbackPreviewRoute,
});
