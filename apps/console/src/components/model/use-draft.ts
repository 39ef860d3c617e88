'use client';
/** The draft every model page edits, and the bits each edit shares. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';

export function useDraft() {
  const trpc = useTRPC();
  return useQuery(trpc.draft.get.queryOptions());
}

/** After an edit the draft, its problems and anything derived (route preview) are stale. */
export function useInvalidateAll(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}
