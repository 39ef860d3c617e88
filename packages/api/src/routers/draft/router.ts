import { router } from '../../trpc.ts';
import { diffDraftRoute } from './diff.ts';
import { getDraftRoute } from './get.ts';
import { publishDraftRoute } from './publish.ts';

export const draftRouter = router({
  get: getDraftRoute,
  diff: diffDraftRoute,
  publish: publishDraftRoute,
});
