import { router } from '../../trpc.ts';
import { safetyHistoryRoute } from './history.ts';
import { listSafetyRoute } from './list.ts';
import { setSafetyRoute } from './set.ts';

export const safetyRouter = router({
  list: listSafetyRoute,
  history: safetyHistoryRoute,
  set: setSafetyRoute,
});
