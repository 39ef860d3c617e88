/**
 * Sends visitors without a session cookie to /login before any page renders. This checks
 * presence only; the API validates the session on every call (and the UI handles an
 * UNAUTHORIZED answer by coming back here).
 */
import { NextResponse, type NextRequest } from 'next/server';

const SESSION_COOKIE = 'sy_session';

export function proxy(request: NextRequest) {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const url = request.nextUrl.clone();
  const next = request.nextUrl.pathname + request.nextUrl.search;
  url.pathname = '/login';
  url.search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // API routes answer 401 themselves; static assets and the login page must stay reachable.
  matcher: ['/((?!api/|_next/|login|favicon\\.ico|icon\\.svg).*)'],
};
