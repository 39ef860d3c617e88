import { router } from '../../trpc.ts';
import { upsertRoute } from './upsert.ts';
import { removeRoute } from './remove.ts';

export const regionsRouter = router({
  upsert: upsertRoute,
  remove: removeRoute,
});
