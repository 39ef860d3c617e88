import { router } from '../../trpc.ts';
import { getDraftRoute } from './get.ts';
import { publishDraftRoute } from './publish.ts';

export const draftRouter = router({
  get: getDraftRoute,
  publish: publishDraftRoute,
});
