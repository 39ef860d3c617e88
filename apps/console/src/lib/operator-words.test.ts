/** Issue 16 defects 4, 5 and 6: what forms and banners say must be operator words, and honest. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ZInstance, ZName } from '@switchyard/core';
import { errorUnder, validateWith } from './field-errors.ts';
import { adviceFor, toApiError } from './trpc-error.ts';

describe('field messages in operator words (defect 6)', () => {
  it('says "required" for an empty text, not "Too small: expected string to have >=1 characters"', () => {
    const r = validateWith(z.object({ host: z.string().min(1) }), { host: '' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.host).toBe('required');
  });

  it('says "required" for an empty select instead of the name rule', () => {
    const r = validateWith(z.object({ region: ZName }), { region: '' });
    if (!r.ok) expect(r.errors.region).toBe('required');
    else expect.unreachable();
  });

  it('keeps the name rule for a typed, wrong name', () => {
    const r = validateWith(z.object({ region: ZName }), { region: 'Bad!' });
    if (!r.ok) expect(r.errors.region).toMatch(/lowercase letters/);
    else expect.unreachable();
  });

  it('names a nested field by position, not as "0.port"', () => {
    const r = validateWith(ZInstance, {
      name: 'a',
      region: 'gz',
      kind: 'standalone',
      addresses: [{ host: 'h', port: Number.NaN }],
    });
    if (r.ok) expect.unreachable();
    else expect(errorUnder(r.errors, 'addresses')).toBe('#1 port: enter a number');
  });

  it('translates number bounds', () => {
    const r = validateWith(z.object({ percent: z.number().int().min(0).max(100) }), { percent: 150 });
    if (!r.ok) expect(r.errors.percent).toBe('must be 100 or less');
    else expect.unreachable();
  });
});

describe('banners (defects 4 and 5)', () => {
  it('shows each invalid field in the banner, so no "see the messages next to them" without messages', () => {
    const error = Object.assign(new Error('[{"code":"too_big"}]'), {
      data: {
        code: 'BAD_REQUEST',
        apiCode: null,
        details: null,
        issues: [{ path: ['percent'], message: 'Too big: expected number to be <=100' }],
      },
    });
    const parsed = toApiError(error);
    expect(parsed.message).not.toMatch(/see the messages next to them/);
    expect(parsed.message).toBe('Not saved: percent: must be 100 or less.');
  });

  it('advises picking another name for a taken one, not reloading the draft', () => {
    expect(adviceFor('CONFLICT', 'ALREADY_EXISTS')).toBe('That name is taken; pick another one.');
    expect(adviceFor('CONFLICT', 'DRAFT_STALE')).toMatch(/reload/);
  });

  it('does not promise an override field for a failed safety check', () => {
    expect(adviceFor('PRECONDITION_FAILED')).not.toMatch(/override/);
  });
});
