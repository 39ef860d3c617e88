import { router } from '../../trpc.ts';
import { setRoute } from './set.ts';

export const encodingRulesRouter = router({
  set: setRoute,
});
