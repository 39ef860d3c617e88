/**
 * Draft edits for syctl. The console refuses an edit based on an old draft revision
 * (optimistic concurrency); syctl reads the current revision itself and, when another edit
 * lands in between, re-reads and applies its own edit again. Each edit is a whole-item
 * change the server applies to the current draft, so re-applying it is what the user meant.
 */
import type { TConfigSnapshot } from '@switchyard/core';
import { TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import type { ApiClient } from './api-client.ts';

const ATTEMPTS = 3;
const ZApiCode = z.object({ apiCode: z.string().nullable().optional() }).passthrough();

export function apiCodeOf(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data = ZApiCode.safeParse(error.data);
  return data.success ? (data.data.apiCode ?? undefined) : undefined;
}

export interface DraftState {
  revision: number;
  snapshot: TConfigSnapshot;
  problems: { path: (string | number)[]; message: string }[];
}

export async function readDraft(api: ApiClient): Promise<DraftState> {
  const d = await api.draft.get.query();
  return { revision: d.revision, snapshot: d.snapshot, problems: d.problems };
}

/** Runs `edit` with the draft's current revision; on DRAFT_STALE reads it again (up to 3 tries). */
export async function withRevision<T>(
  api: ApiClient,
  edit: (expectedRevision: number, draft: DraftState) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const draft = await readDraft(api);
    try {
      return await edit(draft.revision, draft);
    } catch (error) {
      if (apiCodeOf(error) !== 'DRAFT_STALE' || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** A trailing line that says what the edit left to do. */
export const publishHint = (revision: number): string =>
  `draft now at revision ${revision}; review with 'syctl draft diff', then 'syctl draft publish --reason "…" --yes'`;
