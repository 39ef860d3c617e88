import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulatorArgs, SIMULATOR_SECRET_ENV, simulatorCliArgs, simulatorEnv } from './simulator-options.ts';

describe('parseSimulatorArgs', () => {
  it('reads repeated proxies and applies the bounded defaults', () => {
    const options = parseSimulatorArgs(['--proxy', '7001', '--proxy', '7002', '--caller', 'demo'], 's3cret');
    expect(options).toEqual({
      ports: [7001, 7002],
      caller: 'demo',
      secret: 's3cret',
      rate: 200,
      bigMeetingMembers: 1500,
      reportMs: 10_000,
    });
  });

  it('refuses no proxy, a bad port and an unbounded rate', () => {
    expect(() => parseSimulatorArgs(['--caller', 'demo'], 's')).toThrow();
    expect(() => parseSimulatorArgs(['--proxy', 'x', '--caller', 'demo'], 's')).toThrow();
    expect(() => parseSimulatorArgs(['--proxy', '1', '--caller', 'demo', '--rate', '100000'], 's')).toThrow();
  });

  it('keeps the secret off the command line the orchestrator builds (issue 14 #13), also for a secret that starts with a dash', () => {
    const secret = '-Xy_9-very-secret';
    const args = simulatorCliArgs({ proxyPorts: [7001, 7002], caller: 'demo' });
    expect(args.join(' ')).not.toContain(secret);
    const env = simulatorEnv(secret);
    expect(parseSimulatorArgs(args, env[SIMULATOR_SECRET_ENV])).toMatchObject({
      ports: [7001, 7002],
      caller: 'demo',
      secret,
    });
  });

  it('refuses --secret on the command line, and a missing secret', () => {
    expect(() => parseSimulatorArgs(['--proxy', '1', '--caller', 'demo', '--secret=s'])).toThrow();
    expect(() => parseSimulatorArgs(['--proxy', '1', '--caller', 'demo'])).toThrow();
  });

  it('reads --secret-file only when no one else may read it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sim-secret-'));
    try {
      const file = path.join(dir, 'secret');
      await writeFile(file, 'from-file\n', { mode: 0o600 });
      expect(parseSimulatorArgs(['--proxy', '1', '--caller', 'demo', `--secret-file=${file}`]).secret).toBe(
        'from-file',
      );
      await chmod(file, 0o644);
      expect(() => parseSimulatorArgs(['--proxy', '1', '--caller', 'demo', `--secret-file=${file}`])).toThrow(
        /chmod 600/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
