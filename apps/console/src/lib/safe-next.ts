/**
 * Where to go after login: `?next=` only when it is a path on this console (issue 14 #13,
 * open redirect). Browsers read `\` as `/` and drop tabs and newlines in URLs, so `/\evil`
 * or `/\t/evil` would be protocol-relative (`//evil`); anything odd falls back to `/`.
 */
const BASE = 'https://console.invalid';

export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return '/';
  // Control characters are what this refuses (a header split, a hidden redirect), so the regex names them.
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  const path = url.pathname + url.search + url.hash;
  // Dot segments can collapse into `//host` (e.g. `/..//evil`).
  return url.origin === BASE && !path.startsWith('//') ? path : '/';
}
