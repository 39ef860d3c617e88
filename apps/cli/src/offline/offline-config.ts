/**
 * Config for offline commands: a snapshot file (`--config`, either a bare snapshot or a
 * published `{ version, snapshot }`), or the demo snapshot with placeholder addresses.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_INSTANCES, demoSnapshot, formatProblems, parseSnapshot, type TConfigSnapshot } from '@switchyard/core';
import { CliError } from '../framework/errors.ts';

/** Placeholder topology: 127.0.0.1 and ports 7001.. in DEMO_INSTANCES order. */
export const PLACEHOLDER_HOST = '127.0.0.1';
export const PLACEHOLDER_CALLER_HASH = 'scrypt$placeholder';

export function demoConfig(): TConfigSnapshot {
  const ports = Object.fromEntries(DEMO_INSTANCES.map((inst, i) => [inst.name, 7001 + i]));
  return validated(demoSnapshot({ host: PLACEHOLDER_HOST, ports }, PLACEHOLDER_CALLER_HASH), 'the demo snapshot');
}

export function loadConfig(path: string | undefined, cwd: string): TConfigSnapshot {
  if (path === undefined) return demoConfig();
  const file = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(
      'CONFIG_UNREADABLE',
      `cannot read config '${file}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new CliError('CONFIG_INVALID', `config '${file}' is not JSON: ${(e as Error).message}`);
  }
  const inner =
    typeof value === 'object' && value !== null && 'snapshot' in value
      ? (value as { snapshot: unknown }).snapshot
      : value;
  return validated(inner, `config '${file}'`);
}

function validated(value: unknown, what: string): TConfigSnapshot {
  const r = parseSnapshot(value);
  if (!r.ok)
    throw new CliError(
      'CONFIG_INVALID',
      `${what} has ${r.problems.length} problem(s):\n${formatProblems(r.problems)}`,
      undefined,
      r.problems,
    );
  return r.snapshot;
}
