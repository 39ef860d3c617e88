import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@switchyard/api';

export type TDraft = inferRouterOutputs<AppRouter>['draft']['get'];
export type TSnapshot = TDraft['snapshot'];
