import { router } from '../../trpc.ts';
import { approveRequestRoute } from './approve.ts';
import { cancelRequestRoute } from './cancel.ts';
import { listRequestsRoute } from './list.ts';
import { rejectRequestRoute } from './reject.ts';

export const requestsRouter = router({
  list: listRequestsRoute,
  approve: approveRequestRoute,
  reject: rejectRequestRoute,
  cancel: cancelRequestRoute,
});
