/**
 * Ordered key-type matching: the first pattern that matches wins, so put specific patterns
 * before broad ones. Regexes are compiled once per snapshot.
 */
import type { TKeyType } from '../config/schema.ts';

export interface CompiledKeyType {
  readonly keyType: TKeyType;
  readonly index: number;
  readonly regex: RegExp;
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
    Object.freeze({ keyType, index, regex: new RegExp(keyType.pattern) }),
  );
  const match = (key: string): KeyTypeMatch | null => {
    for (let i = 0; i < types.length; i++) {
      const compiled = types[i]!;
      const m = compiled.regex.exec(key);
      if (m !== null) return { compiled, groups: m.groups ?? NO_GROUPS };
    }
    return null;
  };
  return Object.freeze({ types: Object.freeze(types), match });
}

/** Named groups a pattern declares, e.g. ['mid'] for `^stable_(?<mid>\d+)$`. */
export function namedGroupsOf(pattern: string): string[] {
  const names: string[] = [];
  for (const m of pattern.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)) names.push(m[1]!);
  return names;
}
