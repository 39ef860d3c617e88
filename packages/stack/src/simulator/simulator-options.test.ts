import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs } from './simulator-options.ts';

describe('parseSimulatorArgs', () => {
  it('reads repeated proxies and applies the bounded defaults', () => {
    const options = parseSimulatorArgs(['--proxy', '7001', '--proxy', '7002', '--caller', 'demo', '--secret', 's3cret']);
    expect(options).toEqual({ ports: [7001, 7002], caller: 'demo', secret: 's3cret', rate: 200, bigMeetingMembers: 1500, reportMs: 10_000 });
  });

  it('refuses no proxy, a bad port and an unbounded rate', () => {
    expect(() => parseSimulatorArgs(['--caller', 'demo', '--secret', 's'])).toThrow();
    expect(() => parseSimulatorArgs(['--proxy', 'x', '--caller', 'demo', '--secret', 's'])).toThrow();
    expect(() => parseSimulatorArgs(['--proxy', '1', '--caller', 'demo', '--secret', 's', '--rate', '100000'])).toThrow();
  });
});
