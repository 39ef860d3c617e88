import { router } from '../../trpc.ts';
import { upsertRoute } from './upsert.ts';
import { removeRoute } from './remove.ts';
import { setDeployedRoute } from './set-deployed.ts';

export const codesRouter = router({
  upsert: upsertRoute,
  remove: removeRoute,
  setDeployed: setDeployedRoute,
});
