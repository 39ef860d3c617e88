import { router } from '../../trpc.ts';
import { createRoute } from './create.ts';
import { updateRoute } from './update.ts';
import { removeRoute } from './remove.ts';
import { rotateSecretRoute } from './rotate-secret.ts';

export const callersRouter = router({
  create: createRoute,
  update: updateRoute,
  remove: removeRoute,
  rotateSecret: rotateSecretRoute,
});
