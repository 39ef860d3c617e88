/**
 * `seedDemo(db, input)`: the demo stack's users, tokens and first config. Idempotent: a
 * second run with the same input changes nothing and writes no audit entries.
 */
import { demoSnapshot, formatProblems, parseSnapshot } from '@switchyard/core';
import type { TConfigSnapshot } from '@switchyard/core';
import type { Db } from '../client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { DEFAULT_SCRYPT, hashSecret, verifySecret } from '../crypto/secret-hash.ts';
import type { ScryptParams } from '../crypto/secret-hash.ts';
import { ZSeedDemoInput } from './seed-input.ts';
import type { TSeedDemo, TSeedDemoInput } from './seed-input.ts';
import { seedConfig } from './seed-config.ts';
import type { LatestVersion } from './seed-config.ts';
import { ensureApiToken, ensureWorkerToken, upsertUser } from './seed-users.ts';

export interface SeedDemoOptions {
  /** scrypt cost for new hashes; tests lower it (default N=2^15). */
  scrypt?: ScryptParams;
}

export interface SeedDemoResult {
  /** Human-readable list of what this run changed; empty when everything was in place. */
  changes: string[];
  configVersion: number;
  draftRevision: number;
}

function parseOrThrow(value: unknown, what: string): TConfigSnapshot {
  const parsed = parseSnapshot(value);
  if (!parsed.ok) throw new Error(`${what} is not a valid config snapshot:\n${formatProblems(parsed.problems)}`);
  return parsed.snapshot;
}

async function latestVersion(tx: Prisma.TransactionClient): Promise<LatestVersion | null> {
  const row = await tx.configVersion.findFirst({ orderBy: { version: 'desc' } });
  if (!row) return null;
  const parsed = parseSnapshot(row.snapshot);
  return { version: row.version, hash: row.hash, snapshot: parsed.ok ? parsed.snapshot : null };
}

/** Keeps the published hash of the demo caller when it still verifies (hashes are salted). */
async function demoCallerHash(
  latest: LatestVersion | null,
  name: string,
  secret: string,
  scrypt: ScryptParams,
): Promise<string> {
  const current = latest?.snapshot?.callers.find((c) => c.name === name)?.secretHash;
  return current && (await verifySecret(secret, current)) ? current : hashSecret(secret, scrypt);
}

async function freshSnapshot(
  input: TSeedDemo,
  latest: LatestVersion | null,
  scrypt: ScryptParams,
): Promise<TConfigSnapshot> {
  const caller = input.demoCaller;
  const callerHash = caller ? await demoCallerHash(latest, caller.name, caller.secret, scrypt) : null;
  const built = input.topology && callerHash ? demoSnapshot(input.topology, callerHash) : input.snapshot;
  const fresh = parseOrThrow(built, 'the seed snapshot');
  if (caller && callerHash) {
    fresh.callers = fresh.callers.map((c) => (c.name === caller.name ? { ...c, secretHash: callerHash } : c));
  }
  return fresh;
}

export async function seedDemo(
  db: Db,
  rawInput: TSeedDemoInput,
  options: SeedDemoOptions = {},
): Promise<SeedDemoResult> {
  const input = ZSeedDemoInput.parse(rawInput);
  const scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  const changes: string[] = [];
  return db.$transaction(
    async (tx) => {
      const latest = await latestVersion(tx);
      const fresh = await freshSnapshot(input, latest, scrypt);
      const ids = new Map<string, string>();
      for (const user of input.users) ids.set(user.email, await upsertUser(tx, user, changes, scrypt));
      const admin = input.users.find((u) => u.role === 'admin');
      const adminId = admin ? ids.get(admin.email) : undefined;
      if (!adminId) throw new Error('the seed needs an admin user');
      await ensureApiToken(tx, adminId, 'demo-admin-cli', input.adminToken, changes);
      await ensureWorkerToken(tx, 'demo-workers', input.workerToken, changes);
      const config = await seedConfig(tx, fresh, latest, changes);
      return { changes, configVersion: config.version, draftRevision: config.draftRevision };
    },
    // Several scrypt hashes run inside; a loaded 2-core box can take seconds.
    { timeout: 60_000, maxWait: 30_000 },
  );
}
