import { router } from '../../trpc.ts';
import { healthRoute } from './health.ts';
import { upsertRoute } from './upsert.ts';
import { removeRoute } from './remove.ts';
import { provisionDataUserRoute } from './provision-data-user.ts';
import { writeLogRoute } from './write-log.ts';

export const instancesRouter = router({
  health: healthRoute,
  upsert: upsertRoute,
  remove: removeRoute,
  provisionDataUser: provisionDataUserRoute,
  writeLog: writeLogRoute,
});
