/** Untrusted JSON (text or value) → a typed snapshot, or every problem: zod's, then semantic. */
import type { z } from 'zod';
import { ZConfigSnapshot, type TConfigSnapshot } from '../config/schema.ts';
import type { Problem } from './problem.ts';
import { validateSnapshot } from './validate-snapshot.ts';

export type ParseSnapshotResult =
  { ok: true; snapshot: TConfigSnapshot; problems: [] } | { ok: false; problems: Problem[] };

export function parseSnapshot(json: unknown): ParseSnapshotResult {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      return { ok: false, problems: [{ path: [], message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const parsed = ZConfigSnapshot.safeParse(value);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const problems = validateSnapshot(parsed.data);
  return problems.length === 0 ? { ok: true, snapshot: parsed.data, problems: [] } : { ok: false, problems };
}

export function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.path.length ? p.path.join('.') : '(root)'}: ${p.message}`).join('\n');
}
