/**
 * Audit rows for refused requests (no session, wrong role, foreign Origin, failed login) are
 * written on behalf of whoever sends them, so they are bounded (issue 14 #11): the input is
 * cut to a few KB with a marker, and each sender (actor or `anonymous`, at a source address)
 * gets at most `rowsPerWindow` rows per window. Past that, one `audit.suppressed` row says
 * so, and the sender's next row counts what was left out (`suppressedBefore`). All senders
 * together get `globalRowsPerWindow`: the address is the X-Forwarded-For hop, which a client
 * talking straight to `next start` can make up, so the per-sender budget alone is not a bound.
 */
import type { Db, DbTx } from '../db.ts';
import { writeAudit, type AuditInput } from './audit-service.ts';
import { boundedInput } from './bounded-input.ts';

export interface RefusalAuditOptions {
  rowsPerWindow: number;
  /** All senders together, per window. */
  globalRowsPerWindow: number;
  windowMs: number;
  /** Inputs larger than this (as JSON) are stored as a truncated preview. */
  inputBytes: number;
  maxKeys?: number;
}

export const DEFAULT_REFUSAL_AUDIT: RefusalAuditOptions = {
  rowsPerWindow: 100,
  globalRowsPerWindow: 1_000,
  windowMs: 60_000,
  inputBytes: 4096,
};

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
  const take = (
    key: string,
    now: number,
    limit: number,
  ): { write: boolean; firstSuppressed: boolean; suppressedBefore: number } => {
    let window = windows.get(key);
    if (!window || now - window.start >= options.windowMs) {
      // A new window still reports what the last one left out, on its first row.
      window = { start: now, written: 0, suppressed: window?.suppressed ?? 0 };
      windows.delete(key);
      windows.set(key, window);
      if (windows.size > (options.maxKeys ?? 10_000)) windows.delete(windows.keys().next().value!);
    }
    if (window.written < limit) {
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
      const now = Date.now();
      const suppressedRow = (target: string, limit: number) => {
        const reason = `more than ${limit} refused requests in ${options.windowMs / 1000} s; further ones are counted, not logged`;
        return writeAudit(db, {
          actor: target === '*' ? 'anonymous' : (sender.actor ?? 'anonymous'),
          action: 'audit.suppressed',
          target,
          reason,
          outcome: 'denied',
        });
      };
      const verdict = take(`${sender.actor ?? 'anonymous'}@${sender.address}`, now, options.rowsPerWindow);
      if (verdict.firstSuppressed) await suppressedRow(sender.address, options.rowsPerWindow);
      if (!verdict.write) return false;
      const overall = take('*', now, options.globalRowsPerWindow);
      if (overall.firstSuppressed) await suppressedRow('*', options.globalRowsPerWindow);
      if (!overall.write) return false;
      const after = boundedInput(entry.after, options.inputBytes);
      const extra = verdict.suppressedBefore > 0 ? { suppressedBefore: verdict.suppressedBefore } : {};
      await writeAudit(db, { ...entry, after: extra.suppressedBefore ? { refused: after ?? null, ...extra } : after });
      return true;
    },
  };
}
