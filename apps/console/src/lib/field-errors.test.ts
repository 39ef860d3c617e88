import { describe, expect, it } from 'vitest';
import { ZInstance } from '@switchyard/core';
import { errorUnder, issuesToFieldErrors, validateWith } from './field-errors.ts';

describe('field errors', () => {
  it('validates with the shared schema and keys errors by path', () => {
    const result = validateWith(ZInstance, {
      name: 'Bad!',
      region: 'gz',
      kind: 'standalone',
      addresses: [{ host: 'h', port: 70000 }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['addresses.0.port', 'name']);
    expect(errorUnder(result.errors, 'addresses')).toMatch(/^#1 port: /);
    expect(errorUnder(result.errors, 'name')).toBe(result.errors.name);
  });

  it('puts root-level issues under _form', () => {
    expect(issuesToFieldErrors([{ path: [], message: 'whole thing' }])).toEqual({ _form: 'whole thing' });
  });
});

describe('number fields', () => {
  it('asks for a number when an empty input reached the schema as NaN', () => {
    const result = validateWith(ZInstance.shape.addresses, [{ host: 'h', port: Number.NaN }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors['0.port']).toBe('enter a number');
  });
});
