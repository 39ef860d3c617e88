/**
 * Ordered key-type matching: the first pattern that matches wins, so put specific patterns
 * before broad ones. Regexes are compiled once per snapshot.
 *
 * A key is only tried against the patterns it can match by its first character: a pattern
 * that starts with `^` and literal text (`^stable_`, `^m2u_\{`) matches only keys that start
 * with that text, so a key is tested against the patterns of its first character and the
 * patterns that pin no literal start, in their order. With many key types, a key the proxy has
 * not routed before costs a few regex runs instead of one per type.
 */
import type { TKeyType } from '../config/schema.ts';

export interface CompiledKeyType {
  readonly keyType: TKeyType;
  readonly index: number;
  readonly regex: RegExp;
  /** Text every key the pattern matches starts with ('' = none is pinned). */
  readonly prefix: string;
}

export interface KeyTypeMatch {
  readonly compiled: CompiledKeyType;
  /** Named groups of the match; empty when the pattern has none. */
  readonly groups: Readonly<Record<string, string | undefined>>;
}

export interface KeyTypeMatcher {
  readonly types: readonly CompiledKeyType[];
  match(key: string): KeyTypeMatch | null;
}

const NO_GROUPS: Readonly<Record<string, string | undefined>> = Object.freeze({});

/** Throws SyntaxError on a bad pattern; the validator reports those before compiling. */
export function compileKeyTypes(keyTypes: readonly TKeyType[]): KeyTypeMatcher {
  const types: CompiledKeyType[] = keyTypes.map((keyType, index) =>
    Object.freeze({ keyType, index, regex: new RegExp(keyType.pattern), prefix: literalPrefix(keyType.pattern) }),
  );
  // Per first character: the types a key starting with it may match, in order.
  const unpinned = types.filter((t) => t.prefix === '');
  const byFirst = new Map<number, CompiledKeyType[]>();
  for (const t of types)
    if (t.prefix !== '') {
      const first = t.prefix.charCodeAt(0);
      if (!byFirst.has(first))
        byFirst.set(
          first,
          types.filter((u) => u.prefix === '' || u.prefix.charCodeAt(0) === first),
        );
    }
  const match = (key: string): KeyTypeMatch | null => {
    const candidates = byFirst.get(key.charCodeAt(0)) ?? unpinned;
    for (let i = 0; i < candidates.length; i++) {
      const compiled = candidates[i]!;
      if (compiled.prefix.length > 1 && !key.startsWith(compiled.prefix)) continue;
      const m = compiled.regex.exec(key);
      if (m !== null) return { compiled, groups: m.groups ?? NO_GROUPS };
    }
    return null;
  };
  return Object.freeze({ types: Object.freeze(types), match });
}

/** Characters with a meaning of their own in a pattern (outside a class). */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');
/** Quantifiers: the character before one may be absent or repeated, so it ends the literal prefix. */
const QUANTIFIERS = new Set('*+?{');

/**
 * The literal text a pattern pins at the start of every match: what follows its leading `^`
 * up to the first character with a meaning (a group, class, escape class, quantifier, ...).
 * '' when there is none, or when the pattern has a top-level `|` (`^a|b` matches `xb`).
 * Conservative by design: an escape other than an escaped syntax character ends the prefix.
 */
export function literalPrefix(pattern: string): string {
  if (!pattern.startsWith('^') || hasTopLevelAlternation(pattern)) return '';
  let prefix = '';
  let i = 1;
  while (i < pattern.length) {
    let literal: string;
    let next: number;
    const c = pattern[i]!;
    if (c === '\\') {
      const escaped = pattern[i + 1];
      if (escaped === undefined || !SYNTAX.has(escaped)) break;
      literal = escaped;
      next = i + 2;
    } else {
      if (SYNTAX.has(c)) break;
      literal = c;
      next = i + 1;
    }
    if (next < pattern.length && QUANTIFIERS.has(pattern[next]!)) break;
    prefix += literal;
    i = next;
  }
  return prefix;
}

/** Whether the pattern has an alternation `|` outside every group and class. */
function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** Named groups a pattern declares, e.g. ['mid'] for `^stable_(?<mid>\d+)$`. */
export function namedGroupsOf(pattern: string): string[] {
  const names: string[] = [];
  for (const m of pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)) names.push(m[1]!);
  return names;
}
