/** Schemas shared by the failover procedures. */
import { z } from 'zod';

export const ZMirrorStatus = z.object({
  code: z.number().int(),
  identity: z.string(),
  home: z.string(),
  instance: z.string(),
  region: z.string(),
  reachable: z.boolean(),
  linkStatus: z.enum(['up', 'down', 'master']).nullable(),
  lagBytes: z.number().nullable(),
  error: z.string().nullable(),
});

export const ZInterlock = z.object({
  code: z.enum(['SELF', 'UNKNOWN_REGION', 'ALREADY_FAILED_OVER', 'INVALID_RESULT', 'MIRROR_DOWN', 'MIRROR_UNLINKED']),
  message: z.string(),
  /** Soft interlocks (a mirror down or unlinked) can be overridden with a reason. */
  overridable: z.boolean(),
});
