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
  replicates: z.string().nullable(),
});

export const ZInterlock = z.object({
  code: z.enum([
    'SELF',
    'UNKNOWN_REGION',
    'ALREADY_FAILED_OVER',
    'INVALID_RESULT',
    'MIRROR_DOWN',
    'MIRROR_UNLINKED',
    'MIRROR_WRONG_MASTER',
    'WORKFLOW_UNFINISHED',
    'MIGRATION_ACTIVE',
    'MIGRATION_CUTOVER',
    'MIGRATION_SCOPED_DONE',
    'WRITE_LOG_LAG',
    'WRITE_LOG_UNKNOWN',
  ]),
  message: z.string(),
  /** Soft interlocks (a mirror down or unlinked) can be overridden with a reason. */
  overridable: z.boolean(),
});

/** A write-log mirror's sync state (docs/MIRROR-MODES.md); lag fields are null when the control instance did not answer. */
export const ZWriteLogMirrorStatus = z.object({
  code: z.number().int(),
  home: z.string(),
  mirror: z.string(),
  region: z.string(),
  reachable: z.boolean(),
  lagEntries: z.number().int().nullable(),
  lagSeconds: z.number().nullable(),
  redoPerSecond: z.number().nullable(),
  checkedKeys: z.number().int().nullable(),
  differences: z.number().int().nullable(),
  unresolved: z.number().int().nullable(),
  lastCheckAt: z.string().nullable(),
  overThreshold: z.boolean(),
});

/** What a failover will do to, or did to, an old home: fence it (replica of the mirror, read-only). */
export const ZHomeFence = z.object({
  home: z.string(),
  mirror: z.string(),
  reachable: z.boolean(),
  /** `fenced`: replicates the mirror; `writable`: a master (not fenced); `other`: replicates something else. */
  state: z.enum(['fenced', 'writable', 'other', 'unreachable']),
  /** What the failover does, or what the operator must know. */
  plan: z.string(),
});
