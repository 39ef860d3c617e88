/**
 * syctl's typed client of the console API: tRPC over HTTP (`httpLink`, one request per call),
 * typed by the console's own AppRouter. Target and token come from SWITCHYARD_URL /
 * SWITCHYARD_TOKEN, else from `.switchyard/stack.json` (console.url, adminToken) found in the
 * working directory or above it (or in SWITCHYARD_HOME).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@switchyard/api';
import { z } from 'zod';
import { cliEnv, type TCliEnv } from './env.ts';
import { CliError } from './framework/errors.ts';

export type ApiClient = TRPCClient<AppRouter>;

export interface ApiTarget {
  url: string;
  token: string;
  /** Where url/token came from, for error messages. */
  source: string;
}

const ZStackFile = z.object({ console: z.object({ url: z.string().url() }), adminToken: z.string().min(1) });

export function findStackFile(cwd: string, home: string | undefined): string | null {
  if (home) {
    const file = path.join(home, 'stack.json');
    return existsSync(file) ? file : null;
  }
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, '.switchyard', 'stack.json');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return null;
  }
}

export function resolveTarget(cwd: string, env: TCliEnv = cliEnv()): ApiTarget {
  if (env.SWITCHYARD_URL && env.SWITCHYARD_TOKEN)
    return { url: env.SWITCHYARD_URL, token: env.SWITCHYARD_TOKEN, source: 'SWITCHYARD_URL/SWITCHYARD_TOKEN' };
  const file = findStackFile(cwd, env.SWITCHYARD_HOME);
  if (!file) {
    throw new CliError(
      'NO_CONSOLE',
      'no console to talk to: set SWITCHYARD_URL and SWITCHYARD_TOKEN, or start the demo stack (npm run up) to get .switchyard/stack.json',
    );
  }
  let stack: z.infer<typeof ZStackFile>;
  try {
    stack = ZStackFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CliError('NO_CONSOLE', `cannot use ${file}: ${(e as Error).message}`);
  }
  return {
    url: env.SWITCHYARD_URL ?? stack.console.url,
    token: env.SWITCHYARD_TOKEN ?? stack.adminToken,
    source: file,
  };
}

export function apiClient(target: ApiTarget): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL('/api/trpc', target.url).toString(),
        headers: { authorization: `Bearer ${target.token}` },
      }),
    ],
  });
}

const ZErrorData = z.object({ code: z.string().optional(), apiCode: z.string().nullable().optional() }).passthrough();

/** Turns a failed API call into a CliError with a stable code (and the console's own code as reason). */
export function toCliError(error: unknown, target: ApiTarget): CliError {
  if (!(error instanceof TRPCClientError))
    return error instanceof CliError ? error : new CliError('INTERNAL', (error as Error).message);
  const data = ZErrorData.safeParse(error.data);
  const code = data.success ? data.data.code : undefined;
  const apiCode = data.success ? (data.data.apiCode ?? undefined) : undefined;
  if (!code) return new CliError('CONSOLE_UNREACHABLE', `cannot reach the console at ${target.url} (${error.message})`);
  if (code === 'UNAUTHORIZED')
    return new CliError(
      'UNAUTHENTICATED',
      `the console refused the token from ${target.source}: ${error.message}`,
      apiCode,
    );
  if (code === 'FORBIDDEN') return new CliError('FORBIDDEN', error.message, apiCode);
  return new CliError('API_ERROR', error.message, apiCode ?? code);
}

/** Runs `fn` with a client for the configured console, mapping every failure to a CliError. */
export async function withApi<T>(cwd: string, fn: (api: ApiClient) => Promise<T>): Promise<T> {
  const target = resolveTarget(cwd);
  try {
    return await fn(apiClient(target));
  } catch (error) {
    throw toCliError(error, target);
  }
}

/**
 * Mutations need `--yes`. Without it syctl only shows what would happen and exits non-zero
 * (exit 3); it never prompts, so scripts and pipes cannot hang on a question.
 */
export function requireYes(yes: boolean | undefined, plan: string): void {
  if (yes === true) return;
  throw new CliError('NOT_CONFIRMED', `${plan}\nnothing changed; re-run with --yes to do it`);
}

/** Flags every mutation takes. */
export const MUTATION_FLAGS = {
  reason: { type: 'string', description: 'why (required; goes to the audit log)' },
  yes: { type: 'boolean', short: 'y', description: 'do it (without: show what would happen, exit 3)' },
} as const;

export const ZMutationFlags = z.object({
  reason: z
    .string({ error: 'required: say why with --reason "<text>"' })
    .trim()
    .min(3, 'give a reason of at least 3 characters'),
  yes: z.boolean().optional(),
  json: z.boolean().optional(),
});
