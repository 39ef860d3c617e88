/**
 * Console authentication: password login into a session cookie, API tokens for the CLI,
 * worker tokens for the proxy. Only digests are stored (sha256 for random tokens, scrypt
 * for passwords), so a database leak does not hand out live credentials.
 */
import { randomBytes } from 'node:crypto';
import { hashToken, verifySecret } from '@switchyard/db/crypto';
import type { Db } from '../db.ts';
import type { ApiDeps } from '../deps.ts';
import { ZRole, type Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { normalizeEmail } from './login-throttle.ts';

export const SESSION_COOKIE = 'sy_session';

export function readCookie(headers: Headers, name: string): string | null {
  const header = headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export function bearerToken(headers: Headers): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get('authorization') ?? '');
  return match?.[1] ?? null;
}

type UserRow = { id: string; email: string; name: string; role: string };
const actorOf = (user: UserRow, via: Actor['via']): Actor => ({
  userId: user.id,
  email: user.email,
  name: user.name,
  role: ZRole.parse(user.role),
  via,
});

export async function resolveActor(db: Db, headers: Headers): Promise<Actor | null> {
  const bearer = bearerToken(headers);
  if (bearer) {
    const token = await db.apiToken.findUnique({ where: { tokenHash: hashToken(bearer) }, include: { user: true } });
    if (!token) return null;
    await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
    return actorOf(token.user, 'api-token');
  }
  const cookie = readCookie(headers, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await db.session.findUnique({ where: { id: hashToken(cookie) }, include: { user: true } });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  return actorOf(session.user, 'session');
}

/** The worker token's name, or null: workers may only poll config and send heartbeats. */
export async function resolveWorker(db: Db, headers: Headers): Promise<string | null> {
  const bearer = bearerToken(headers);
  if (!bearer) return null;
  const token = await db.workerToken.findUnique({ where: { tokenHash: hashToken(bearer) } });
  return token?.name ?? null;
}

export interface LoginResult {
  /** The raw cookie value; only its sha256 is stored. */
  token: string;
  expiresAt: Date;
  actor: Actor;
}

export type LoginOutcome = LoginResult | { throttled: true; retryAfterMs: number } | null;

export interface LoginAttempt {
  email: string;
  password: string;
  /** Source address, for the per-address budget (http/client-address.ts). */
  address: string;
}

export async function login(deps: ApiDeps, attempt: LoginAttempt): Promise<LoginOutcome> {
  const { db, loginThrottle: throttle } = deps;
  // The same email the lookup uses, so padded or re-cased variants share one budget.
  const email = normalizeEmail(attempt.email);
  // Anyone can cause these rows, so they go through the per-address refusal budget.
  const refused = (reason: string) =>
    deps.refusalAudit.write(
      db,
      { actor: null, address: attempt.address },
      { actor: email.slice(0, 320), action: 'auth.login', target: email.slice(0, 320), outcome: 'denied', reason },
    );
  const verdict = throttle.check(email, attempt.address);
  if (verdict.retryAfterMs > 0) {
    await refused(
      verdict.scope === 'address'
        ? `too many failed logins from ${attempt.address}`
        : 'too many failed logins for this account',
    );
    return { throttled: true, retryAfterMs: verdict.retryAfterMs };
  }
  const user = await findUser(db, email);
  // Verify against a dummy hash for unknown users too, so timing does not reveal who exists.
  const ok = await verifySecret(attempt.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) {
    throttle.recordFailure(email, attempt.address);
    await refused(`wrong email or password (from ${attempt.address})`);
    return null;
  }
  throttle.succeeded(email);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + deps.options.sessionTtlMs);
  await db.session.create({ data: { id: hashToken(token), userId: user.id, expiresAt } });
  // Expired sessions are swept on login, the only place sessions are created.
  await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  await writeAudit(db, { actor: user.email, action: 'auth.login', target: user.email, outcome: 'ok' });
  return { token, expiresAt, actor: actorOf(user, 'session') };
}

/** Emails are matched case-insensitively, like the throttle key. */
async function findUser(db: Db, email: string) {
  return (
    (await db.user.findUnique({ where: { email } })) ??
    db.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } } })
  );
}

export async function logout(db: Db, headers: Headers): Promise<void> {
  const cookie = readCookie(headers, SESSION_COOKIE);
  if (!cookie) return;
  const session = await db.session.findUnique({ where: { id: hashToken(cookie) }, include: { user: true } });
  if (!session) return;
  await db.session.delete({ where: { id: session.id } });
  await writeAudit(db, { actor: session.user.email, action: 'auth.logout', target: session.user.email, outcome: 'ok' });
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  const maxAge = Math.max(0, Math.round((expiresAt.getTime() - Date.now()) / 1000));
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export const clearedSessionCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;

/** scrypt of a random string with the default parameters; never matches a real password. */
const DUMMY_HASH = 'scrypt$32768$8$1$c3dpdGNoeWFyZC1kdW1teQ==$3u0bY4sA9wq3wIu7mP0oV2n9tq0fC4l1mQ1bFv7hZkA=';
