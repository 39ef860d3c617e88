/**
 * Maps zod issues to one message per form field, keyed by the dotted path
 * (`addresses.0.port`), so each message can sit next to the input it is about.
 */
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export interface TIssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

export function pathKey(path: ReadonlyArray<PropertyKey>): string {
  return path.map((part) => String(part)).join('.');
}

/** Number inputs left empty reach the schema as NaN; say what to do instead of "received NaN". */
function readable(message: string): string {
  return /received NaN/i.test(message) ? 'enter a number' : message;
}

/** The first issue per path wins: it is usually the most basic one ("required"). */
export function issuesToFieldErrors(issues: ReadonlyArray<TIssueLike>): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = pathKey(issue.path) || '_form';
    if (!(key in out)) out[key] = readable(issue.message);
  }
  return out;
}

export type TValidation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates with the same schema the server uses, before anything is sent. */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown): TValidation<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
}

/**
 * The first error at or under a path prefix: a form with one "Addresses" input shows the
 * error of `addresses.1.port` next to it.
 */
export function errorUnder(errors: FieldErrors, prefix: string): string | undefined {
  if (errors[prefix]) return errors[prefix];
  const key = Object.keys(errors).find((candidate) => candidate.startsWith(`${prefix}.`));
  return key ? `${key.slice(prefix.length + 1)}: ${errors[key]}` : undefined;
}
