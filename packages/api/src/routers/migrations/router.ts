import { router } from '../../trpc.ts';
import { migrationAdvanceRoute } from './advance.ts';
import { migrationCreateRoute } from './create.ts';
import { migrationDeadLettersRoute } from './dead-letters.ts';
import { migrationListRoute } from './list.ts';
import { migrationPreviewCreateRoute, migrationPreviewStepRoute } from './preview.ts';
import { migrationReplayDeadLetterRoute } from './replay-dead-letter.ts';
import { migrationRollbackRoute } from './rollback.ts';
import { migrationStatusRoute } from './status.ts';
import { migrationShadowReadsRoute } from './shadow-reads.ts';
import { migrationSetShadowRateRoute } from './set-shadow-rate.ts';

export const migrationsRouter = router({
  list: migrationListRoute,
  status: migrationStatusRoute,
  previewCreate: migrationPreviewCreateRoute,
  create: migrationCreateRoute,
  previewStep: migrationPreviewStepRoute,
  advance: migrationAdvanceRoute,
  rollback: migrationRollbackRoute,
  deadLetters: migrationDeadLettersRoute,
  replayDeadLetter: migrationReplayDeadLetterRoute,
  shadowReads: migrationShadowReadsRoute,
  setShadowRate: migrationSetShadowRateRoute,
});
