/** The root router: one sub-router per console area. */
import { router } from '../trpc.ts';
import { apiTokensRouter } from './api-tokens/router.ts';
import { auditRouter } from './audit/router.ts';
import { authRouter } from './auth/router.ts';
import { callersRouter } from './callers/router.ts';
import { codesRouter } from './codes/router.ts';
import { degradationRouter } from './degradation/router.ts';
import { draftRouter } from './draft/router.ts';
import { encodingRulesRouter } from './encoding-rules/router.ts';
import { failoverRouter } from './failover/router.ts';
import { fleetRouter } from './fleet/router.ts';
import { instancesRouter } from './instances/router.ts';
import { keyTypesRouter } from './key-types/router.ts';
import { metricsRouter } from './metrics/router.ts';
import { migrationsRouter } from './migrations/router.ts';
import { notificationsRouter } from './notifications/router.ts';
import { reconRouter } from './recon/router.ts';
import { regionsRouter } from './regions/router.ts';
import { requestsRouter } from './requests/router.ts';
import { safetyRouter } from './safety/router.ts';
import { toolsRouter } from './tools/router.ts';
import { usersRouter } from './users/router.ts';
import { versionsRouter } from './versions/router.ts';
import { workerTokensRouter } from './worker-tokens/router.ts';

export const appRouter = router({
  auth: authRouter,
  draft: draftRouter,
  regions: regionsRouter,
  instances: instancesRouter,
  codes: codesRouter,
  encodingRules: encodingRulesRouter,
  keyTypes: keyTypesRouter,
  callers: callersRouter,
  versions: versionsRouter,
  audit: auditRouter,
  fleet: fleetRouter,
  failover: failoverRouter,
  degradation: degradationRouter,
  tools: toolsRouter,
  users: usersRouter,
  apiTokens: apiTokensRouter,
  workerTokens: workerTokensRouter,
  metrics: metricsRouter,
  migrations: migrationsRouter,
  recon: reconRouter,
  notifications: notificationsRouter,
  safety: safetyRouter,
  requests: requestsRouter,
});

export type AppRouter = typeof appRouter;
