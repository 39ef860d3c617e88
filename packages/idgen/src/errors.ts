/**
 * The catalog of user-visible errors raised by @switchyard/idgen. Codes are stable: the proxy
 * answers SY.NEWID failures with them and `syctl` / scripts match on them.
 */
import { catalogError } from '@switchyard/core';

export const IDGEN_ERROR_CODES = {
  ID_RETRIES_EXHAUSTED: 'every attempt to create a meeting ID collided; retry later or widen the random part',
  NO_ENCODING_RULE: 'no encoding rule matches and there is no `*;*;*` fallback; add one to the config',
  NO_ROUTE: 'the new meeting ID does not route to an instance; check the meeting_info key type and codes',
  NO_CLIENT: 'there is no connection for the instance the meeting ID routes to',
  SCRIPT_REPLY_INVALID: 'the create-if-absent script answered something other than 1, 0 or -1',
  RANDOM_SOURCE_BROKEN: 'the random source keeps returning zero high bits; a normal ID needs one set',
  IMPORT_STATE_INVALID: 'the legacy-import state file is not valid JSON of the expected shape; fix or delete it',
  IMPORT_STATE_MISMATCH: 'the legacy-import state file belongs to another source; use another --state file',
  NEWID_ARGS_INVALID: 'usage: SY.NEWID <personal|enterprise> [GROUPED] [REGION <region>] [SET <set>]',
  IMPORT_ARGS_INVALID: 'the legacy-import arguments are invalid; see --help',
  /** SY.NEWID failed for a reason outside this catalog (a bug or a dropped connection); the detail follows. */
  NEWID_FAILED: 'creating the meeting ID failed unexpectedly; retry, and see the worker log if it persists',
} as const;

export type IdgenErrorCode = keyof typeof IDGEN_ERROR_CODES;

/** Errors raised by idgen, on the shared base (@switchyard/core's SwitchyardError). */
export class IdgenError extends catalogError('IdgenError', IDGEN_ERROR_CODES) {}

export const isIdgenError = (e: unknown): e is IdgenError => e instanceof IdgenError;
