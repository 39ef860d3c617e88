/**
 * The shape of Redis's own command specification as captured from `COMMAND` and
 * `COMMAND DOCS` (packages/stack/src/redis-spec/capture.ts writes redis-commands.generated.ts).
 */
export interface RedisKeySpecRaw {
  /** RW/RO/OW/RM plus access/update/insert/delete, INCOMPLETE, VARIABLE_FLAGS, ... */
  readonly flags: readonly string[];
  notes?: string;
  /** Where the search starts: a fixed index, or after a keyword; null = unknown (INCOMPLETE). */
  readonly begin: { readonly index: number } | { readonly keyword: string; readonly startfrom: number } | null;
  /** How keys follow the start: a range, or a count argument; null = unknown. */
  readonly find:
    | { readonly lastkey: number; readonly keystep: number; readonly limit: number }
    | { readonly keynumidx: number; readonly firstkey: number; readonly keystep: number }
    | null;
}

export interface RedisCommandRaw {
  /** Lower case, `container|sub` for subcommands. */
  readonly name: string;
  readonly arity: number;
  readonly flags: readonly string[];
  /** COMMAND INFO's legacy first key, last key, step. */
  readonly legacy: readonly [number, number, number];
  readonly categories: readonly string[];
  /** Command tips (nondeterministic_output, request_policy:..., ...). */
  readonly tips: readonly string[];
  readonly keySpecs: readonly RedisKeySpecRaw[];
  readonly summary: string;
  readonly since: string;
  readonly group: string;
  complexity?: string;
  /** COMMAND DOCS extras, when Redis has them (arguments are not kept). */
  docFlags?: readonly string[];
  deprecatedSince?: string;
  replacedBy?: string;
  history?: readonly (readonly [string, string])[];
  subcommands?: readonly RedisCommandRaw[];
}
