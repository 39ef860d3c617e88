/**
 * Secrets never leave the server (issue 14 #13): every read path of the console API (draft,
 * versions, diff, audit) shows caller secret hashes as a short fingerprint, which still tells
 * a reader that a secret rotated, and Redis instance passwords (plain text, so not even a
 * fingerprint) as `[secret]`. Only the worker config endpoint hands out the real values,
 * because workers verify AUTH and connect to the instances with them.
 */
import { createHash } from 'node:crypto';
import type { TConfigSnapshot } from '@switchyard/core';

const FINGERPRINT = /^\[secret [0-9a-f]{8}\]$/;

/** What a view shows for a plain-text secret; sent back in an instance upsert it means "keep the current one". */
export const SECRET_MARKER = '[secret]';

/** `[secret 1a2b3c4d]`: 32 bits of sha256 of the hash; enough to spot a rotation, useless to a guesser. */
export function secretFingerprint(hash: string): string {
  if (FINGERPRINT.test(hash)) return hash;
  return `[secret ${createHash('sha256').update(hash).digest('hex').slice(0, 8)}]`;
}

export function redactSnapshotSecrets(snapshot: TConfigSnapshot): TConfigSnapshot {
  return {
    ...snapshot,
    instances: snapshot.instances.map((i) => ({
      ...i,
      ...(i.password === undefined ? {} : { password: SECRET_MARKER }),
      ...(i.dataUser === undefined ? {} : { dataUser: { ...i.dataUser, password: SECRET_MARKER } }),
    })),
    callers: snapshot.callers.map((c) => ({ ...c, secretHash: secretFingerprint(c.secretHash) })),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const redactLeaf = (key: string, value: string): string =>
  key === 'secretHash' ? secretFingerprint(value) : SECRET_MARKER;

/**
 * Deep redaction for free-form JSON (audit rows, diffs): any `secretHash` or `password`
 * field, and the before/after of a diff entry whose path ends in one (a rotation diffs to two strings).
 */
export function redactSecretHashes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecretHashes);
  if (!isRecord(value)) return value;
  const diffOf =
    typeof value['path'] === 'string' ? /(?:^|\.)(secretHash|password)$/.exec(value['path'])?.[1] : undefined;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const leaf =
      key === 'secretHash' || key === 'password'
        ? key
        : diffOf && (key === 'before' || key === 'after')
          ? diffOf
          : null;
    out[key] = leaf && typeof inner === 'string' ? redactLeaf(leaf, inner) : redactSecretHashes(inner);
  }
  return out;
}
