/**
 * The resumable position of a legacy import: a byte offset into the ID file, or a SCAN
 * cursor. Saved after each batch is written (write to a temp file, then rename), so a crash
 * repeats at most one batch, which SET NX makes harmless.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { IdgenError } from './errors.ts';

export const ZImportCounts = z.object({
  /** Lines or keys looked at (blank lines and non-decimal keys from SCAN excluded). */
  read: z.number().int().min(0),
  /** Shadow keys this import created (on the first write target). */
  imported: z.number().int().min(0),
  /** Shadow keys that were already there: a re-import or a repeat from SCAN. */
  existing: z.number().int().min(0),
  /** Lines that are not a decimal uint64. */
  invalid: z.number().int().min(0),
  /** Shadow keys created per instance (every write target of a dual-write counts). */
  byInstance: z.record(z.string(), z.number().int().min(0)),
});
export type TImportCounts = z.infer<typeof ZImportCounts>;

export const ZImportState = z.object({
  version: z.literal(1),
  /** `file:<absolute path>` or `scan:<host>:<port>`: a state file serves one source only. */
  source: z.string().min(1),
  /** File sources: bytes consumed so far. */
  offset: z.number().int().min(0),
  /** SCAN sources: the cursor to continue from ('0' with done=false = not started). */
  cursor: z.string().regex(/^[0-9]+$/),
  done: z.boolean(),
  counts: ZImportCounts,
  updatedAt: z.string(),
});
export type TImportState = z.infer<typeof ZImportState>;

export const emptyCounts = (): TImportCounts => ({ read: 0, imported: 0, existing: 0, invalid: 0, byInstance: {} });

export const freshState = (source: string): TImportState => ({
  version: 1,
  source,
  offset: 0,
  cursor: '0',
  done: false,
  counts: emptyCounts(),
  updatedAt: new Date().toISOString(),
});

/** The saved state for `source`, or a fresh one when there is no file yet. */
export async function loadImportState(path: string | undefined, source: string): Promise<TImportState> {
  if (path === undefined) return freshState(source);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'ENOENT') return freshState(source);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new IdgenError('IMPORT_STATE_INVALID', `state file ${path} is not JSON; fix or delete it`);
  }
  const parsed = ZImportState.safeParse(json);
  if (!parsed.success)
    throw new IdgenError(
      'IMPORT_STATE_INVALID',
      `state file ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  if (parsed.data.source !== source) {
    throw new IdgenError(
      'IMPORT_STATE_MISMATCH',
      `state file ${path} belongs to ${parsed.data.source}, not ${source}; use another --state file`,
    );
  }
  return parsed.data;
}

export async function saveImportState(path: string | undefined, state: TImportState): Promise<void> {
  if (path === undefined) return;
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  await rename(tmp, path);
}
