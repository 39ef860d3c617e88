import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '@switchyard/core';
import { ApiError, apiError } from './errors.ts';
import { ApiTrpcError, apiErrorOf, toTrpcError } from './trpc-errors.ts';

describe('API errors: neutral in services, tRPC at the router edge', () => {
  it('throws a transport-neutral error from services', () => {
    const e = apiError('ROLLBACK_NEEDS_ADMIN', 'that version changes callers', { parts: ['callers'] });
    expect(e).toBeInstanceOf(SwitchyardError);
    expect(e).not.toBeInstanceOf(TRPCError);
    expect({ code: e.code, trpcCode: e.trpcCode, details: e.details }).toEqual({
      code: 'ROLLBACK_NEEDS_ADMIN',
      trpcCode: 'FORBIDDEN',
      details: { parts: ['callers'] },
    });
    expect(apiError('NOT_FOUND').message).toBe('no such item');
  });

  it('maps a service error tRPC wrapped as INTERNAL_SERVER_ERROR to its catalog code, message and details', () => {
    const cause = apiError('DRAFT_STALE', undefined, { revision: 3 });
    const wrapped = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
    const mapped = toTrpcError(wrapped);
    expect(mapped).toBeInstanceOf(ApiTrpcError);
    expect(mapped).toMatchObject({
      code: 'CONFLICT',
      apiCode: 'DRAFT_STALE',
      details: { revision: 3 },
      message: cause.message,
    });
    expect(apiErrorOf(mapped)).toBe(cause);
    expect(toTrpcError(mapped)).toBe(mapped);
  });

  it('leaves tRPC errors that are not from the catalog alone', () => {
    const input = new TRPCError({ code: 'BAD_REQUEST', message: 'bad input' });
    expect(toTrpcError(input)).toBe(input);
    expect(apiErrorOf(input)).toBeNull();
    expect(apiErrorOf(new Error('x'))).toBeNull();
    expect(apiErrorOf(new ApiError('UNAUTHENTICATED'))?.trpcCode).toBe('UNAUTHORIZED');
  });
});
