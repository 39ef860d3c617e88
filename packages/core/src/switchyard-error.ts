/**
 * The one error base of Switchyard (issue 19 finding 6): a stable code, a message that says
 * what to do, optional details for logs and JSON output, and an optional hint. Each package
 * keeps its own catalog of codes (core's CORE_ERROR_CODES, idgen's, syctl's, the API's) and a
 * subclass that narrows `code` to it; callers tell kinds apart by `code`, never by text.
 */
export interface SwitchyardErrorOptions {
  details?: unknown;
  /** The next step for the reader, when the message alone does not say it. */
  hint?: string;
  cause?: unknown;
}

export class SwitchyardError<Code extends string = string> extends Error {
  override name = 'SwitchyardError';
  readonly details?: unknown;
  readonly hint?: string;

  constructor(
    readonly code: Code,
    message: string,
    options: SwitchyardErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.details !== undefined) this.details = options.details;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

export const isSwitchyardError = (e: unknown): e is SwitchyardError => e instanceof SwitchyardError;

/**
 * A catalog's error class: `new (catalogError('CoreError', CODES))(code, message?, details?)`,
 * the message defaulting to the catalog's text. Each package names its own subclass of it.
 */
export function catalogError<Code extends string>(errorName: string, catalog: Readonly<Record<Code, string>>) {
  return class CatalogError extends SwitchyardError<Code> {
    override name = errorName;
    constructor(code: Code, message: string = catalog[code], details?: unknown) {
      super(code, message, details === undefined ? {} : { details });
    }
  };
}
