import { router } from '../../trpc.ts';
import { listRoute } from './list.ts';
import { createRoute } from './create.ts';
import { revokeRoute } from './revoke.ts';

export const apiTokensRouter = router({
  list: listRoute,
  create: createRoute,
  revoke: revokeRoute,
});
