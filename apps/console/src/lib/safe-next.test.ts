import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('safeNext', () => {
  it.each([
    ['/versions', '/versions'],
    ['/model/callers?tab=2#top', '/model/callers?tab=2#top'],
    ['/audit?actor=a%40b', '/audit?actor=a%40b'],
    ['/', '/'],
  ])('keeps the same-origin path %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    '/\\example.invalid/x',
    '/\\\\example.invalid',
    '\\\\example.invalid',
    '//evil.example',
    '///evil.example',
    '/..//evil.example',
    '/./\\evil.example',
    'https://evil.example/x',
    'javascript:alert(1)',
    'evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' //evil.example',
  ])('falls back to / for %j', (next) => {
    expect(safeNext(next)).toBe('/');
  });
});
