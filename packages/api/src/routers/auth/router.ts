import { router } from '../../trpc.ts';
import { meRoute } from './me.ts';

export const authRouter = router({
  me: meRoute,
});
