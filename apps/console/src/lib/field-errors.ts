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

/**
 * zod's default messages are written for programmers ("Too small: expected string to have
 * >=1 characters"); say the same in operator words. Messages the schemas wrote themselves
 * pass through unchanged.
 */
const LIBRARY_MESSAGES: ReadonlyArray<readonly [RegExp, (m: RegExpExecArray) => string]> = [
  [/received NaN/i, () => 'enter a number'],
  [/expected (string|array|set) to have >=1 (characters|items)/i, () => 'required'],
  [/Too small: expected string to have >=(\d+) characters/i, (m) => `at least ${m[1]} characters`],
  [/Too big: expected string to have <=(\d+) characters/i, (m) => `at most ${m[1]} characters`],
  [/Too small: expected array to have >=(\d+) items/i, (m) => `choose at least ${m[1]}`],
  [/Too small: expected number to be >=?(-?[\d.]+)/i, (m) => `must be ${m[1]} or more`],
  [/Too small: expected number to be >(-?[\d.]+)/i, (m) => `must be more than ${m[1]}`],
  [/Too big: expected number to be <=?(-?[\d.]+)/i, (m) => `must be ${m[1]} or less`],
  [/expected int, received number/i, () => 'enter a whole number'],
  [/Invalid input: expected \w+, received (undefined|null)/i, () => 'required'],
  [/Invalid option: expected one of/i, () => 'choose one of the options'],
  [/Invalid (ISO )?datetime/i, () => 'enter a date and time'],
];

export function readable(message: string): string {
  for (const [pattern, say] of LIBRARY_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return say(m);
  }
  return message;
}

function valueAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at: unknown = value;
  for (const part of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[part];
  }
  return at;
}

/**
 * The first issue per path wins: it is usually the most basic one ("required"). With the
 * input at hand, an empty text or select is "required" whatever rule it broke: an empty
 * select has no "lowercase letters, digits…" to fix.
 */
export function issuesToFieldErrors(issues: ReadonlyArray<TIssueLike>, input?: unknown): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = pathKey(issue.path) || '_form';
    if (key in out) continue;
    const empty = input !== undefined && issue.path.length > 0 && valueAt(input, issue.path) === '';
    out[key] = empty ? 'required' : readable(issue.message);
  }
  return out;
}

/** `addresses.0.port` → `#1 port`: positions as people count them, no dotted paths. */
export function fieldLabel(path: string): string {
  return path
    .split('.')
    .map((part) =>
      /^\d+$/.test(part) ? `#${Number(part) + 1}` : part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase(),
    )
    .join(' ');
}

export type TValidation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Validates with the same schema the server uses, before anything is sent. */
export function validateWith<S extends z.ZodType>(schema: S, value: unknown): TValidation<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues, value) };
}

/**
 * The first error at or under a path prefix: a form with one "Addresses" input shows the
 * error of `addresses.1.port` next to it.
 */
export function errorUnder(errors: FieldErrors, prefix: string): string | undefined {
  if (errors[prefix]) return errors[prefix];
  const key = Object.keys(errors).find((candidate) => candidate.startsWith(`${prefix}.`));
  return key ? `${fieldLabel(key.slice(prefix.length + 1))}: ${errors[key]}` : undefined;
}
