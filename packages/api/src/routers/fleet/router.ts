import { router } from '../../trpc.ts';
import { forgetWorkerRoute } from './forget.ts';
import { listFleetRoute } from './list.ts';

export const fleetRouter = router({
  list: listFleetRoute,
  forget: forgetWorkerRoute,
});
