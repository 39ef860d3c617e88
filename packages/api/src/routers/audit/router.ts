import { router } from '../../trpc.ts';
import { listAuditRoute } from './list.ts';

export const auditRouter = router({
  list: listAuditRoute,
});
