/**
 * syctl's error catalog. Codes are stable (scripts match on them); the exit code says the
 * class: 2 = the command line is wrong, 1 = the command ran and failed.
 */
export const CLI_ERROR_CODES = {
  USAGE: 2,
  UNKNOWN_COMMAND: 2,
  INVALID_ARGUMENT: 2,
  CONFIG_UNREADABLE: 1,
  CONFIG_INVALID: 1,
  INVALID_ID: 1,
  ROUTE_FAILED: 1,
  INTERNAL: 1,
} as const;

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
    /** A finer, stable reason from core (e.g. ID_TOO_LARGE, NO_KEY_TYPE), when there is one. */
    readonly reason?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get exitCode(): number {
    return CLI_ERROR_CODES[this.code];
  }
}
