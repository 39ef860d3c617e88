/**
 * Caller secret hashes never leave the server (issue 14 #13): every read path of the console
 * API (draft, versions, diff, audit) shows a short fingerprint instead, which still tells a
 * reader that a secret rotated. Only the worker config endpoint hands out real hashes,
 * because workers verify AUTH with them.
 */
import { createHash } from 'node:crypto';
import type { TConfigSnapshot } from '@switchyard/core';

const FINGERPRINT = /^\[secret [0-9a-f]{8}\]$/;

/** `[secret 1a2b3c4d]`: 32 bits of sha256 of the hash; enough to spot a rotation, useless to a guesser. */
export function secretFingerprint(hash: string): string {
  if (FINGERPRINT.test(hash)) return hash;
  return `[secret ${createHash('sha256').update(hash).digest('hex').slice(0, 8)}]`;
}

export function redactSnapshotSecrets(snapshot: TConfigSnapshot): TConfigSnapshot {
  return { ...snapshot, callers: snapshot.callers.map((c) => ({ ...c, secretHash: secretFingerprint(c.secretHash) })) };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Deep redaction for free-form JSON (audit rows, diffs): any `secretHash` field, and the
 * before/after of a diff entry whose path ends in `secretHash` (a rotation diffs to two strings).
 */
export function redactSecretHashes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecretHashes);
  if (!isRecord(value)) return value;
  const diffOfSecret = typeof value['path'] === 'string' && /(^|\.)secretHash$/.test(value['path']);
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const secret = key === 'secretHash' || (diffOfSecret && (key === 'before' || key === 'after'));
    out[key] = secret && typeof inner === 'string' ? secretFingerprint(inner) : redactSecretHashes(inner);
  }
  return out;
}
