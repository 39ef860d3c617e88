import { router } from '../../trpc.ts';
import { listVersionsRoute } from './list.ts';
import { getVersionRoute } from './get.ts';
import { diffVersionsRoute } from './diff.ts';
import { rollbackRoute } from './rollback.ts';
import { rollbackPreviewRoute } from './rollback-preview.ts';

export const versionsRouter = router({
  list: listVersionsRoute,
  get: getVersionRoute,
  diff: diffVersionsRoute,
  rollback: rollbackRoute,
  rollbackPreview: rollbackPreviewRoute,
});
