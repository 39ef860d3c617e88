/**
 * The audit log: every mutation, allowed or refused, becomes one AuditEntry. Secrets in
 * inputs (passwords, caller secrets, tokens) are redacted before they are stored.
 */
import { toDbJson, type Db, type DbTx } from '../db.ts';
import type { JsonValue } from './json.ts';
import { boundedInput } from './bounded-input.ts';
import { redactSecretHashes } from './secret-redaction.ts';

export type AuditOutcome = 'ok' | 'denied' | 'error';

export interface AuditInput {
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  outcome: AuditOutcome;
}

const SECRET_KEYS = /pass(word)?|secret|token/i;

/** Secrets become `[redacted]`; caller secret hashes a fingerprint, which still shows a rotation. */
export function redact(value: unknown): unknown {
  return redactPlain(redactSecretHashes(value));
}

function redactPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPlain);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      SECRET_KEYS.test(key) && key !== 'secretHash' && typeof inner === 'string' ? '[redacted]' : redactPlain(inner);
  }
  return out;
}

export async function writeAudit(db: Db | DbTx, entry: AuditInput): Promise<void> {
  await db.auditEntry.create({
    data: {
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      reason: entry.reason ?? null,
      before: toDbJson(redact(entry.before)),
      after: toDbJson(redact(entry.after)),
      outcome: entry.outcome,
    },
  });
}

/** Per before/after field of a listed entry; far above any diff the console writes itself. */
const READ_FIELD_BYTES = 64 * 1024;

export interface AuditFilter {
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
  /** Opaque: the id of the last entry of the previous page. */
  cursor?: string;
  limit: number;
}

export async function listAudit(db: Db, filter: AuditFilter) {
  const rows = await db.auditEntry.findMany({
    where: {
      actor: filter.actor,
      action: filter.action ? { startsWith: filter.action } : undefined,
      outcome: filter.outcome,
      at: { gte: filter.from ? new Date(filter.from) : undefined, lte: filter.to ? new Date(filter.to) : undefined },
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: filter.limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, filter.limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      action: r.action,
      target: r.target,
      reason: r.reason,
      // Rows written before hashes were fingerprinted, or before refused inputs were cut, are
      // redacted and bounded on the way out too, so one old row cannot make a page megabytes.
      before: boundedInput(redactSecretHashes(r.before ?? null), READ_FIELD_BYTES) as JsonValue | null,
      after: boundedInput(redactSecretHashes(r.after ?? null), READ_FIELD_BYTES) as JsonValue | null,
      outcome: r.outcome as AuditOutcome,
    })),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.id ?? null) : null,
  };
}
