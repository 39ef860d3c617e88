/**
 * The traffic simulator's options, validated from the command line (`--proxy 7001 --proxy 7002 …`).
 * The caller secret never goes on the command line, where `ps` shows it to every local user
 * (issue 14 #13): it comes from the environment (`SIMULATOR_CALLER_SECRET`, readable only by
 * the same user) or from a file only its owner may read (`--secret-file`).
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const ZSimulatorOptions = z.object({
  /** Proxy worker ports; the simulator only ever connects to 127.0.0.1. */
  ports: z.array(z.number().int().min(1).max(65_535)).min(1),
  caller: z.string().min(1),
  secret: z.string().min(1),
  /** Target operations per second over all proxies (bounded: this is a demo, not a benchmark). */
  rate: z.number().int().min(1).max(2_000).default(200),
  /** Members of the one big meeting whose keys are hammered (its member list is the big key). */
  bigMeetingMembers: z.number().int().min(1).max(20_000).default(1_500),
  /** A summary line every this many ms. */
  reportMs: z.number().int().min(100).default(10_000),
  /** Stop by itself after this many seconds (tests); runs until SIGTERM when absent. */
  durationSec: z.number().positive().optional(),
});
export type TSimulatorOptions = z.infer<typeof ZSimulatorOptions>;

/** The environment variable that carries the caller secret to the simulator process. */
export const SIMULATOR_SECRET_ENV = 'SIMULATOR_CALLER_SECRET';

/** The command line `parseSimulatorArgs` reads, for the orchestrator: no secret in it. */
export function simulatorCliArgs(o: { proxyPorts: readonly number[]; caller: string }): string[] {
  return [...o.proxyPorts.map((port) => `--proxy=${port}`), `--caller=${o.caller}`];
}

/** The environment the orchestrator adds for the simulator process. */
export const simulatorEnv = (secret: string): Record<string, string> => ({ [SIMULATOR_SECRET_ENV]: secret });

/** A secret file must be readable by its owner only, as ssh insists for keys. */
function readSecretFile(file: string): string {
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} may be read by others; chmod 600 it`);
  return readFileSync(file, 'utf8').trim();
}

/** `envSecret`: the value of SIMULATOR_CALLER_SECRET, passed in by the entry point's env.ts. */
export function parseSimulatorArgs(argv: readonly string[], envSecret?: string): TSimulatorOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      proxy: { type: 'string', multiple: true },
      caller: { type: 'string' },
      'secret-file': { type: 'string' },
      rate: { type: 'string' },
      'big-meeting-members': { type: 'string' },
      'report-ms': { type: 'string' },
      'duration-sec': { type: 'string' },
    },
  });
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  return ZSimulatorOptions.parse({
    ports: (values.proxy ?? []).map(Number),
    caller: values.caller,
    secret: values['secret-file'] ? readSecretFile(values['secret-file']) : envSecret,
    rate: num(values.rate),
    bigMeetingMembers: num(values['big-meeting-members']),
    reportMs: num(values['report-ms']),
    durationSec: num(values['duration-sec']),
  });
}
