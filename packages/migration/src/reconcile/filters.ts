/**
 * Reconciliation filters (seed 001 §8.3.3.3): named rules for known, accepted classes of
 * differences, e.g. one key type, a key pattern, one hash field. A difference a filter
 * matches is still stored and listed ("filtered"), it just does not count as unresolved,
 * so the gray-read guard and the broadcasts look at what nobody has accepted yet.
 * Every criterion a filter sets must match (AND); a filter with none set matches nothing.
 */
export interface ReconFilterRule {
  name: string;
  /** null: every migration. */
  migrationId: string | null;
  keyType: string | null;
  /** Glob over the key: `*` any run, `?` one character. */
  keyPattern: string | null;
  /** Text (e.g. a hash field) the difference's detail or either side's value must contain. */
  field: string | null;
  /** The difference's why (AHEAD_OF_TRUTH, CONFLICT, …). */
  why: string | null;
}

export interface FilterableDifference {
  migrationId: string;
  key: string;
  keyType: string;
  why: string;
  detail: string;
  oldValue: string;
  newValue: string;
}

const globCache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (!re) {
    const body = [...glob]
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 's');
    globCache.set(glob, re);
  }
  return re;
}

export function filterMatches(f: ReconFilterRule, d: FilterableDifference): boolean {
  if (f.keyType === null && f.keyPattern === null && f.field === null && f.why === null) return false;
  if (f.migrationId !== null && f.migrationId !== d.migrationId) return false;
  if (f.keyType !== null && f.keyType !== d.keyType) return false;
  if (f.why !== null && f.why !== d.why) return false;
  if (f.keyPattern !== null && !globToRegExp(f.keyPattern).test(d.key)) return false;
  if (f.field !== null && !d.detail.includes(f.field) && !d.oldValue.includes(f.field) && !d.newValue.includes(f.field))
    return false;
  return true;
}

/** The first filter that accepts the difference, or null when it stays unresolved. */
export function matchingFilter(filters: readonly ReconFilterRule[], d: FilterableDifference): string | null {
  for (const f of filters) if (filterMatches(f, d)) return f.name;
  return null;
}
