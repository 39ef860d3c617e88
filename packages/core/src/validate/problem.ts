/** One thing wrong with a snapshot: where (a JSON path) and what, in words an operator can act on. */
export interface Problem {
  path: (string | number)[];
  message: string;
}

export type Report = (path: (string | number)[], message: string) => void;

/** Report each name seen more than once, at every repeat. */
export function checkUnique<T>(
  items: readonly T[],
  keyOf: (t: T) => string | number,
  base: (string | number)[],
  what: string,
  report: Report,
): void {
  const seen = new Map<string | number, number>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    const first = seen.get(k);
    if (first === undefined) seen.set(k, i);
    else report([...base, i], `duplicate ${what} '${k}' (first at index ${first})`);
  });
}
