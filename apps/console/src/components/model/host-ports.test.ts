import { describe, expect, it } from 'vitest';
import { formatHostPorts, parseHostPorts } from './host-ports.ts';

describe('host:port lists', () => {
  it('round-trips comma or space separated addresses', () => {
    const parsed = parseHostPorts('127.0.0.1:6379, redis-b:6380  ::1:7000');
    expect(parsed).toEqual([
      { host: '127.0.0.1', port: 6379 },
      { host: 'redis-b', port: 6380 },
      { host: '::1', port: 7000 },
    ]);
    expect(formatHostPorts(parsed)).toBe('127.0.0.1:6379, redis-b:6380, ::1:7000');
  });

  it('leaves a missing port as NaN so the schema reports it', () => {
    expect(Number.isNaN(parseHostPorts('redis-a')[0]?.port)).toBe(true);
  });
});
