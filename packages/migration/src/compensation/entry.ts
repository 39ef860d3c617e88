/**
 * A compensation entry: one key whose secondary write failed. The consumer does not replay
 * the command verbatim: it re-syncs the key from the truth side ("向前补偿", seed 001
 * §8.3.1), which is idempotent and cannot reorder writes (replaying `SET k a` after a
 * later `SET k b` landed would undo b; replaying INCR after an ambiguous timeout would
 * double it). The argv is kept for the console and the audit trail.
 */
import { z } from 'zod';
import type { Side } from '../shared/types.ts';

export interface CompensationEntry {
  migrationId: string;
  /** write: the secondary write failed after retries; repair: realtime reconciliation failed. */
  kind: 'write' | 'repair';
  key: Buffer;
  argv: Buffer[];
  /** The side that missed the write, and its instance name. */
  target: Side;
  targetInstance: string;
  /** The side the key is re-synced from (the one written first). */
  truth: Side;
  /** Attempts already made before the entry was queued (the write and its retries). */
  attempts: number;
  firstError: string;
  /** Epoch ms of the first failure. */
  firstAt: number;
}

const ZFields = z.object({
  migrationId: z.string(),
  kind: z.enum(['write', 'repair']),
  key: z.string(),
  argv: z.string(),
  target: z.enum(['old', 'new']),
  targetInstance: z.string(),
  truth: z.enum(['old', 'new']),
  attempts: z.coerce.number().int().min(0),
  firstError: z.string(),
  firstAt: z.coerce.number(),
});

const b64 = (b: Buffer): string => b.toString('base64');
const unb64 = (s: string): Buffer => Buffer.from(s, 'base64');

/** Flat field list for XADD; `keyText`/`command` are previews for humans only. */
export function entryFields(e: CompensationEntry): string[] {
  return [
    'migrationId',
    e.migrationId,
    'kind',
    e.kind,
    'key',
    b64(e.key),
    'keyText',
    e.key.toString('latin1').slice(0, 200),
    'argv',
    JSON.stringify(e.argv.map(b64)),
    'command',
    preview(e.argv),
    'target',
    e.target,
    'targetInstance',
    e.targetInstance,
    'truth',
    e.truth,
    'attempts',
    String(e.attempts),
    'firstError',
    e.firstError,
    'firstAt',
    String(e.firstAt),
  ];
}

export function fieldsToRecord(flat: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

export function parseEntry(fields: Record<string, string>): CompensationEntry {
  const f = ZFields.parse(fields);
  const argv = z.array(z.string()).parse(JSON.parse(f.argv)).map(unb64);
  return { ...f, key: unb64(f.key), argv };
}

function preview(argv: readonly Buffer[]): string {
  const text = argv
    .map((a) => (a.length > 40 ? `${a.toString('latin1', 0, 40)}…(${a.length} B)` : a.toString('latin1')))
    .join(' ');
  return text.slice(0, 300);
}
