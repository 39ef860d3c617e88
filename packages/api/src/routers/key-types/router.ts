import { router } from '../../trpc.ts';
import { upsertRoute } from './upsert.ts';
import { removeRoute } from './remove.ts';
import { reorderRoute } from './reorder.ts';

export const keyTypesRouter = router({
  upsert: upsertRoute,
  remove: removeRoute,
  reorder: reorderRoute,
});
