/** Users and tokens, each created or brought in line with the input, never duplicated. */
import type { Prisma } from '../generated/prisma/client.ts';
import { DEFAULT_SCRYPT, hashSecret, verifySecret } from '../crypto/secret-hash.ts';
import type { ScryptParams } from '../crypto/secret-hash.ts';
import { hashToken } from '../crypto/token-hash.ts';
import { SEED_ACTOR } from './seed-input.ts';
import type { TSeedUser } from './seed-input.ts';

type Tx = Prisma.TransactionClient;

async function audit(tx: Tx, action: string, target: string, after: Prisma.InputJsonValue): Promise<void> {
  await tx.auditEntry.create({
    data: { actor: SEED_ACTOR, action, target, after, outcome: 'ok', reason: 'demo seed' },
  });
}

/** Returns the user's id. Re-hashes only when the password no longer verifies. */
export async function upsertUser(
  tx: Tx,
  user: TSeedUser,
  changes: string[],
  scrypt: ScryptParams = DEFAULT_SCRYPT,
): Promise<string> {
  const name = user.name ?? user.email.split('@')[0] ?? user.email;
  const existing = await tx.user.findUnique({ where: { email: user.email } });
  if (!existing) {
    const created = await tx.user.create({
      data: { email: user.email, name, role: user.role, passwordHash: await hashSecret(user.password, scrypt) },
    });
    await audit(tx, 'user.create', user.email, { email: user.email, role: user.role });
    changes.push(`user ${user.email} created`);
    return created.id;
  }
  const passwordOk = await verifySecret(user.password, existing.passwordHash);
  if (existing.role !== user.role || !passwordOk) {
    await tx.user.update({
      where: { id: existing.id },
      data: { role: user.role, ...(passwordOk ? {} : { passwordHash: await hashSecret(user.password, scrypt) }) },
    });
    await audit(tx, 'user.update', user.email, { role: user.role, passwordReset: !passwordOk });
    changes.push(`user ${user.email} updated`);
  }
  return existing.id;
}

export async function ensureApiToken(
  tx: Tx,
  userId: string,
  name: string,
  token: string,
  changes: string[],
): Promise<void> {
  const tokenHash = hashToken(token);
  const existing = await tx.apiToken.findUnique({ where: { tokenHash } });
  if (existing) return;
  await tx.apiToken.create({ data: { name, tokenHash, userId } });
  await audit(tx, 'api-token.create', name, { name, userId });
  changes.push(`api token ${name} created`);
}

export async function ensureWorkerToken(tx: Tx, name: string, token: string, changes: string[]): Promise<void> {
  const tokenHash = hashToken(token);
  const existing = await tx.workerToken.findUnique({ where: { tokenHash } });
  if (existing) return;
  await tx.workerToken.create({ data: { name, tokenHash } });
  await audit(tx, 'worker-token.create', name, { name });
  changes.push(`worker token ${name} created`);
}
