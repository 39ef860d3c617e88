/** Every drop-rule change publishes a version and mirrors into the draft. */
import { z } from 'zod';

export const ZDropResponse = z.object({ version: z.number().int(), draftRevision: z.number().int().nullable() });
