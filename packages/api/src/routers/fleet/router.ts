import { router } from '../../trpc.ts';
import { listFleetRoute } from './list.ts';

export const fleetRouter = router({
  list: listFleetRoute,
});
