/**
 * The router edge of the error catalog (issue 19 finding 7): services throw the neutral
 * ApiError; here it becomes the TRPCError clients see, with the catalog's tRPC code, the
 * same message, and `apiCode` / `details` for the error formatter (trpc.ts) and for
 * server-side callers (tests, createCaller).
 */
import { TRPCError } from '@trpc/server';
import { ApiError, type ApiErrorCode } from './errors.ts';

export class ApiTrpcError extends TRPCError {
  readonly apiCode: ApiErrorCode;
  readonly details: unknown;
  constructor(error: ApiError) {
    super({ code: error.trpcCode, message: error.message, cause: error });
    this.apiCode = error.code;
    this.details = error.details;
  }
}

/** The ApiError behind a procedure's failure, when a service or middleware threw one. */
export function apiErrorOf(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof ApiTrpcError) return error.cause instanceof ApiError ? error.cause : null;
  if (error instanceof TRPCError && error.cause instanceof ApiError) return error.cause;
  return null;
}

/** The error to answer with: an ApiError mapped to its tRPC code; anything else unchanged. */
export function toTrpcError(error: TRPCError): TRPCError {
  if (error instanceof ApiTrpcError) return error;
  const api = apiErrorOf(error);
  return api === null ? error : new ApiTrpcError(api);
}
