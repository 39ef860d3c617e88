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
    Object.freeze({ keyType, index, regex: new RegExp(keyType.pattern), prefix: literalPrefix(keyType.pattern) ?? '' }),
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

const REGEX_META = new Set(['.', '[', ']', '(', ')', '*', '+', '?', '{', '}', '|', '$', '^']);

/**
 * The literal text every key of a key type starts with, read from its `^...` pattern; null when
 * the pattern is not anchored, starts with a group or class, or has a top-level alternation.
 * `^stable_(?<mid>\d+)$` → `stable_`; `^member_list_\{...` → `member_list_{`.
 */
export function literalPrefix(pattern: string): string | null {
  if (!pattern.startsWith('^') || hasTopLevelAlternation(pattern)) return null;
  let out = '';
  for (let i = 1; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1];
      // \d, \w, \s, \b, \1 ... are classes or assertions, not literals.
      if (next === undefined || /[A-Za-z0-9]/.test(next)) break;
      out += next;
      i++;
      continue;
    }
    if (c === '?' || c === '*' || c === '{') {
      out = out.slice(0, -1); // the previous character is optional or repeated: not a fixed prefix
      break;
    }
    if (REGEX_META.has(c)) break;
    out += c;
  }
  return out.length > 0 ? out : null;
}

function hasTopLevelAlternation(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
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
