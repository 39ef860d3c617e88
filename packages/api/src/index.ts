/**
 * @switchyard/api: the console's tRPC API and the worker/auth HTTP handlers.
 * Apps mount `handle*` functions (Fetch API Request → Response); server code and tests call
 * procedures directly with `createCaller(context)`.
 */
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './routers/app-router.ts';

export { appRouter, type AppRouter } from './routers/app-router.ts';
export { createContext, contextForActor, type Context, type ContextRequest } from './context.ts';
export { apiDeps, DEFAULT_API_OPTIONS, type ApiDeps, type ApiOptions } from './deps.ts';
export { API_ERRORS, ApiError, type ApiErrorCode } from './errors.ts';
export { ROLES, roleAllows, type Actor, type TRole } from './roles.ts';
export { SESSION_COOKIE } from './services/auth-service.ts';
export { startWorkflowResumer, resumeWorkflows, type Resumer } from './services/workflow/resumer.ts';
export {
  deliverDue,
  startNotificationSender,
  type NotificationSender,
  type SenderOptions,
} from './services/notify/sender.ts';
export { startRequestScheduler, runDueRequests, type RequestScheduler } from './services/approvals/request-runner.ts';
export { handleTrpc, handleConfig, handleHeartbeat, handleLogin, handleLogout } from './http/handlers.ts';

export const createCaller = createCallerFactory(appRouter);
