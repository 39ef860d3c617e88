import { describe, expect, it } from 'vitest';
import { toApiError, isUnauthorized } from './trpc-error.ts';

/** What the console's tRPC error formatter sends (packages/api trpc.ts), as the client sees it. */
function clientError(message: string, data: unknown): Error & { data: unknown } {
  return Object.assign(new Error(message), { data });
}

describe('toApiError', () => {
  it('reads the code and catalog code of a stale draft edit', () => {
    const error = clientError('the draft is at revision 7, not 1; reload and apply your edit again', {
      code: 'CONFLICT',
      httpStatus: 409,
      path: 'regions.upsert',
      apiCode: 'DRAFT_STALE',
      details: null,
      issues: null,
    });
    expect(toApiError(error)).toMatchObject({ code: 'CONFLICT', apiCode: 'DRAFT_STALE', fieldErrors: {} });
  });

  it('maps input issues to dotted field paths, first issue per path', () => {
    const error = clientError('[{"message":"bad"}]', {
      code: 'BAD_REQUEST',
      apiCode: null,
      details: null,
      issues: [
        { path: ['instance', 'addresses', 0, 'port'], message: 'too big' },
        { path: ['instance', 'addresses', 0, 'port'], message: 'second' },
        { path: ['reason'], message: 'give a reason' },
      ],
    });
    const parsed = toApiError(error);
    expect(parsed.fieldErrors).toEqual({ 'instance.addresses.0.port': 'too big', reason: 'give a reason' });
    expect(parsed.message).not.toContain('[');
  });

  it('treats an error without tRPC data as a network failure', () => {
    expect(toApiError(new TypeError('Failed to fetch')).code).toBe('NETWORK');
  });

  it('recognises UNAUTHORIZED', () => {
    expect(isUnauthorized(clientError('sign in', { code: 'UNAUTHORIZED', issues: null }))).toBe(true);
    expect(isUnauthorized(clientError('no', { code: 'FORBIDDEN' }))).toBe(false);
  });
});
