/**
 * The address a request came from, for per-address budgets (login throttle, audit rows of
 * anonymous and refused requests). Route handlers only see a Fetch `Request`, so the address
 * comes from `X-Forwarded-For`: the LAST entry, the one the nearest hop added. Our node
 * server appends the socket address; `next start` sets it when absent. Behind a reverse
 * proxy, have the proxy append or overwrite it (nginx `$proxy_add_x_forwarded_for`), so a
 * client cannot pick its own budget.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded?.split(',').at(-1)?.trim();
  if (last) return last.slice(0, 64);
  return headers.get('x-real-ip')?.trim().slice(0, 64) || 'unknown';
}
