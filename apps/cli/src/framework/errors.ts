/**
 * syctl's error catalog. Codes are stable (scripts match on them); the exit code says the
 * class: 2 = the command line is wrong, 1 = the command ran and failed.
 */
import { SwitchyardError } from '@switchyard/core';

export const CLI_ERROR_CODES = {
  USAGE: 2,
  UNKNOWN_COMMAND: 2,
  INVALID_ARGUMENT: 2,
  CONFIG_UNREADABLE: 1,
  CONFIG_INVALID: 1,
  INVALID_ID: 1,
  ROUTE_FAILED: 1,
  INTERNAL: 1,
  // Online commands (api-client.ts): the console could not be used, or refused the call.
  NO_CONSOLE: 1,
  CONSOLE_UNREACHABLE: 1,
  UNAUTHENTICATED: 1,
  FORBIDDEN: 1,
  API_ERROR: 1,
  // `syctl id new` talks RESP to a proxy worker, never to the console.
  NO_PROXY: 1,
  PROXY_UNREACHABLE: 1,
  PROXY_REFUSED: 1,
  /** A mutation without --yes: the plan was shown, nothing changed. */
  NOT_CONFIRMED: 3,
} as const;

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

/** syctl's errors, on the shared base (@switchyard/core's SwitchyardError); the code picks the exit code. */
export class CliError extends SwitchyardError<CliErrorCode> {
  override name = 'CliError';
  constructor(
    code: CliErrorCode,
    message: string,
    /** A finer, stable reason from core (e.g. ID_TOO_LARGE, NO_KEY_TYPE), when there is one. */
    readonly reason?: string,
    details?: unknown,
  ) {
    super(code, message, details === undefined ? {} : { details });
  }

  get exitCode(): number {
    return CLI_ERROR_CODES[this.code];
  }
}
