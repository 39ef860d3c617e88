/**
 * Audit rows for refused requests (no session, wrong role, foreign Origin, failed login) are
 * written on behalf of whoever sends them, so they are bounded (issue 14 #11): the input is
 * cut to a few KB with a marker, and each sender (actor or `anonymous`, at a source address)
 * gets at most `rowsPerWindow` rows per window. Past that, one `audit.suppressed` row says
 * so, and the sender's next row counts what was left out (`suppressedBefore`).
 */
import type { Db, DbTx } from '../db.ts';
import { writeAudit, type AuditInput } from './audit-service.ts';

export interface RefusalAuditOptions {
  rowsPerWindow: number;
  windowMs: number;
  /** Inputs larger than this (as JSON) are stored as a truncated preview. */
  inputBytes: number;
  maxKeys?: number;
}

export const DEFAULT_REFUSAL_AUDIT: RefusalAuditOptions = { rowsPerWindow: 100, windowMs: 60_000, inputBytes: 4096 };

/** The input as is when small; else `{truncated: true, bytes, preview}` with the first `maxBytes` of its JSON. */
export function boundedInput(value: unknown, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value) ?? 'null';
  const bytes = Buffer.byteLength(json);
  if (bytes <= maxBytes) return value;
  return { truncated: true, bytes, preview: `${Buffer.from(json).subarray(0, maxBytes).toString('utf8')}…` };
}

interface Window {
  start: number;
  written: number;
  suppressed: number;
}

export interface Sender {
  actor: string | null;
  address: string;
}

export interface RefusalAuditor {
  /** Writes the row (input bounded) unless the sender is over budget; true when written. */
  write(db: Db | DbTx, sender: Sender, entry: AuditInput): Promise<boolean>;
}

export function refusalAuditor(options: RefusalAuditOptions = DEFAULT_REFUSAL_AUDIT): RefusalAuditor {
  const windows = new Map<string, Window>();
  const take = (key: string, now: number): { write: boolean; firstSuppressed: boolean; suppressedBefore: number } => {
    let window = windows.get(key);
    if (!window || now - window.start >= options.windowMs) {
      // A new window still reports what the last one left out, on its first row.
      window = { start: now, written: 0, suppressed: window?.suppressed ?? 0 };
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > (options.maxKeys ?? 10_000)) windows.delete(windows.keys().next().value!);
    }
    if (window.written < options.rowsPerWindow) {
      window.written++;
      const suppressedBefore = window.suppressed;
      window.suppressed = 0;
      return { write: true, firstSuppressed: false, suppressedBefore };
    }
    window.suppressed++;
    return { write: false, firstSuppressed: window.suppressed === 1, suppressedBefore: 0 };
  };
  return {
    async write(db, sender, entry) {
      const key = `${sender.actor ?? 'anonymous'}@${sender.address}`;
      const verdict = take(key, Date.now());
      if (verdict.firstSuppressed) {
        const reason = `more than ${options.rowsPerWindow} refused requests in ${options.windowMs / 1000} s; further ones are counted, not logged`;
        await writeAudit(db, { actor: sender.actor ?? 'anonymous', action: 'audit.suppressed', target: sender.address, reason, outcome: 'denied' });
      }
      if (!verdict.write) return false;
      const after = boundedInput(entry.after, options.inputBytes);
      const extra = verdict.suppressedBefore > 0 ? { suppressedBefore: verdict.suppressedBefore } : {};
      await writeAudit(db, { ...entry, after: extra.suppressedBefore ? { refused: after ?? null, ...extra } : after });
      return true;
    },
  };
}
