import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs, simulatorCliArgs } from './simulator-options.ts';

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

  it('round-trips the command line the orchestrator builds, also for a secret that starts with a dash', () => {
    // A generated base64url secret starts with '-' one time in 64: `--secret -x…` broke the demo's simulator.
    const args = simulatorCliArgs({ proxyPorts: [7001, 7002], caller: 'demo', secret: '-Xy_9' });
    expect(parseSimulatorArgs(args)).toMatchObject({ ports: [7001, 7002], caller: 'demo', secret: '-Xy_9' });
  });
});
