import { router } from '../../trpc.ts';
import { listRoute } from './list.ts';
import { createRoute } from './create.ts';
import { setRoleRoute } from './set-role.ts';
import { removeRoute } from './remove.ts';

export const usersRouter = router({
  list: listRoute,
  create: createRoute,
  setRole: setRoleRoute,
  remove: removeRoute,
});
