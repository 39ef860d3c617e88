/**
 * Structural diff of two config snapshots for `versions.diff`. Arrays of named things
 * (instances, key types, codes…) are matched by their identity field rather than by index,
 * so inserting one instance shows as one addition, not as every later entry changing.
 */
export interface TDiffEntry {
  /** e.g. `instances[gz-personal].addresses[0].port` */
  path: string;
  /** Absent (undefined) when the path was added. */
  before?: unknown;
  /** Absent (undefined) when the path was removed. */
  after?: unknown;
}

const IDENTITY_FIELDS = ['name', 'code', 'id', 'caller', 'key'] as const;

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function identityField(a: readonly Json[], b: readonly Json[]): string | null {
  const all = [...a, ...b];
  if (all.length === 0) return null;
  for (const field of IDENTITY_FIELDS) {
    const ids = all.map((item) => (isObject(item) ? item[field] : undefined));
    if (ids.every((id) => typeof id === 'string' || typeof id === 'number')) {
      // Only usable when unique on each side; otherwise fall back to positions.
      const unique = (list: readonly Json[]): boolean =>
        new Set(list.map((i) => (i as Record<string, Json>)[field])).size === list.length;
      if (unique(a) && unique(b)) return field;
    }
  }
  return null;
}

function diffArrays(path: string, a: readonly Json[], b: readonly Json[], out: TDiffEntry[]): void {
  const field = identityField(a, b);
  if (field === null) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++)
      diffValue(`${path}[${i}]`, i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, out);
    return;
  }
  const idOf = (item: Json): string => String((item as Record<string, Json>)[field]);
  const before = new Map(a.map((item) => [idOf(item), item]));
  const after = new Map(b.map((item) => [idOf(item), item]));
  for (const [id, item] of before) diffValue(`${path}[${id}]`, item, after.get(id), out);
  for (const [id, item] of after) if (!before.has(id)) diffValue(`${path}[${id}]`, undefined, item, out);
  const orderA = a.map(idOf).filter((id) => after.has(id));
  const orderB = b.map(idOf).filter((id) => before.has(id));
  // Order matters for some lists (key types, encoding rules are first-match).
  if (orderA.join('\u0000') !== orderB.join('\u0000'))
    out.push({ path: `${path}#order`, before: orderA, after: orderB });
}

function diffValue(path: string, a: Json, b: Json, out: TDiffEntry[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path, after: b });
    return;
  }
  if (b === undefined) {
    out.push({ path, before: a });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) return diffArrays(path, a, b, out);
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of [...keys].sort()) diffValue(path === '' ? key : `${path}.${key}`, a[key], b[key], out);
    return;
  }
  if (a !== b) out.push({ path, before: a, after: b });
}

export function diffJson(before: unknown, after: unknown): TDiffEntry[] {
  const out: TDiffEntry[] = [];
  diffValue('', before, after, out);
  return out;
}
