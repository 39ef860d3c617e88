/**
 * Console users and tokens (admin only). New passwords are scrypt-hashed; new tokens are
 * random, returned once, and stored as sha256. Every change is audited without secrets.
 */
import { hashSecret, hashToken, newToken } from '@switchyard/db/crypto';
import { apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor, TRole } from '../roles.ts';
import { writeAudit } from './audit-service.ts';

const audit = (db: Db, actor: Actor, action: string, target: string, before: unknown, after: unknown) =>
  writeAudit(db, { actor: actor.email, action, target, before, after, outcome: 'ok' });

/** Runs an admin change; a refusal (unknown id, last admin…) is audited as an error too. */
async function audited<T>(db: Db, actor: Actor, action: string, target: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    await writeAudit(db, {
      actor: actor.email,
      action,
      target,
      outcome: 'error',
      after: { message: (error as Error).message },
    });
    throw error;
  }
}

type UserRow = { id: string; email: string; name: string; role: string; createdAt: Date };
const userView = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role as TRole,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(db: Db) {
  return (await db.user.findMany({ orderBy: { email: 'asc' } })).map(userView);
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: { email: string; name: string; role: TRole; password: string },
) {
  return audited(db, actor, 'users.create', input.email, async () => {
    if (await db.user.findUnique({ where: { email: input.email } }))
      throw apiError('ALREADY_EXISTS', `a user with email ${input.email} already exists`);
    const user = await db.user.create({
      data: { email: input.email, name: input.name, role: input.role, passwordHash: await hashSecret(input.password) },
    });
    await audit(db, actor, 'users.create', user.email, null, { email: user.email, name: user.name, role: user.role });
    return userView(user);
  });
}

/** The console must keep at least one admin, or nobody could manage users again. */
async function refuseLastAdmin(db: Db, userId: string): Promise<void> {
  const admins = await db.user.findMany({ where: { role: 'admin' }, select: { id: true } });
  if (admins.length === 1 && admins[0]?.id === userId)
    throw apiError('INVALID_INPUT', 'this is the last admin; make someone else admin first');
}

export async function setUserRole(db: Db, actor: Actor, input: { id: string; role: TRole }) {
  return audited(db, actor, 'users.setRole', input.id, async () => {
    const user = await db.user.findUnique({ where: { id: input.id } });
    if (!user) throw apiError('NOT_FOUND', 'no such user');
    if (user.role === 'admin' && input.role !== 'admin') await refuseLastAdmin(db, user.id);
    const updated = await db.user.update({ where: { id: user.id }, data: { role: input.role } });
    await audit(db, actor, 'users.setRole', user.email, { role: user.role }, { role: updated.role });
    return userView(updated);
  });
}

export async function removeUser(db: Db, actor: Actor, input: { id: string }) {
  return audited(db, actor, 'users.remove', input.id, async () => {
    const user = await db.user.findUnique({ where: { id: input.id } });
    if (!user) throw apiError('NOT_FOUND', 'no such user');
    if (user.id === actor.userId) throw apiError('INVALID_INPUT', 'you cannot remove yourself');
    await refuseLastAdmin(db, user.id);
    await db.user.delete({ where: { id: user.id } });
    await audit(db, actor, 'users.remove', user.email, userView(user), null);
    return { ok: true as const };
  });
}

export async function listApiTokens(db: Db) {
  const tokens = await db.apiToken.findMany({ include: { user: true }, orderBy: { createdAt: 'desc' } });
  return tokens.map((t) => ({
    id: t.id,
    name: t.name,
    user: t.user.email,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  }));
}

export async function createApiToken(db: Db, actor: Actor, input: { name: string; userId: string }) {
  return audited(db, actor, 'apiTokens.create', input.name, async () => {
    const user = await db.user.findUnique({ where: { id: input.userId } });
    if (!user) throw apiError('NOT_FOUND', 'no such user');
    const token = newToken('sya');
    const row = await db.apiToken.create({ data: { name: input.name, userId: user.id, tokenHash: hashToken(token) } });
    await audit(db, actor, 'apiTokens.create', `${input.name} (${user.email})`, null, {
      id: row.id,
      name: row.name,
      user: user.email,
    });
    return { id: row.id, name: row.name, token };
  });
}

export async function revokeApiToken(db: Db, actor: Actor, input: { id: string }) {
  return audited(db, actor, 'apiTokens.revoke', input.id, async () => {
    const row = await db.apiToken.findUnique({ where: { id: input.id } });
    if (!row) throw apiError('NOT_FOUND', 'no such API token');
    await db.apiToken.delete({ where: { id: row.id } });
    await audit(db, actor, 'apiTokens.revoke', row.name, { id: row.id, name: row.name }, null);
    return { ok: true as const };
  });
}

export async function listWorkerTokens(db: Db) {
  const tokens = await db.workerToken.findMany({ orderBy: { createdAt: 'desc' } });
  return tokens.map((t) => ({ id: t.id, name: t.name, createdAt: t.createdAt.toISOString() }));
}

export async function createWorkerToken(db: Db, actor: Actor, input: { name: string }) {
  return audited(db, actor, 'workerTokens.create', input.name, async () => {
    const token = newToken('syw');
    const row = await db.workerToken.create({ data: { name: input.name, tokenHash: hashToken(token) } });
    await audit(db, actor, 'workerTokens.create', row.name, null, { id: row.id, name: row.name });
    return { id: row.id, name: row.name, token };
  });
}

export async function revokeWorkerToken(db: Db, actor: Actor, input: { id: string }) {
  return audited(db, actor, 'workerTokens.revoke', input.id, async () => {
    const row = await db.workerToken.findUnique({ where: { id: input.id } });
    if (!row) throw apiError('NOT_FOUND', 'no such worker token');
    await db.workerToken.delete({ where: { id: row.id } });
    await audit(db, actor, 'workerTokens.revoke', row.name, { id: row.id, name: row.name }, null);
    return { ok: true as const };
  });
}
