/**
 * The one catalog of user-visible errors raised by core. Codes are stable: the proxy, the
 * console and `syctl` print them and scripts match on them, so never rename one.
 */
import { catalogError } from './switchyard-error.ts';

export const CORE_ERROR_CODES = {
  ID_EMPTY: 'a meeting ID is required (a decimal uint64 such as 1234567890)',
  ID_NOT_DECIMAL: 'a meeting ID must be decimal digits only (no sign, spaces or letters)',
  ID_NEGATIVE: 'a meeting ID must not be negative',
  ID_TOO_LARGE: 'a meeting ID must be at most 18446744073709551615 (2^64-1)',
  ID_PARTS_INVALID: 'meeting ID parts do not fit the layout',
  LAYOUT_INVALID: 'the meeting-ID layout is invalid',
  CONFIG_INVALID: 'the config snapshot has problems; fix them before compiling',
  SEQ_TOO_SHORT: 'a SEQ value needs at least 8 bytes',
  SEQ_OUT_OF_RANGE: 'a SEQ must be a uint64',
} as const;

export type CoreErrorCode = keyof typeof CORE_ERROR_CODES;

/** Errors raised by core, on the shared base (switchyard-error.ts). */
export class CoreError extends catalogError('CoreError', CORE_ERROR_CODES) {}

export const isCoreError = (e: unknown): e is CoreError => e instanceof CoreError;
