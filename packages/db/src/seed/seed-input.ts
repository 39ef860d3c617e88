/** What `seedDemo` needs; validated with zod because the bin reads it from JSON. */
import { z } from 'zod';

const ZCredentials = z.object({
  email: z.email(),
  password: z.string().min(8, 'passwords need at least 8 characters'),
  name: z.string().min(1).optional(),
});

export const ZSeedDemoInput = z
  .object({
    /** The config to publish as version 1. Give this or `topology`. */
    snapshot: z.unknown().optional(),
    /** Demo Redis ports; the snapshot is built with core's demoSnapshot() from them. */
    topology: z.object({ host: z.string().min(1), ports: z.record(z.string(), z.number().int().min(1).max(65535)) }).optional(),
    admin: ZCredentials,
    /** Default: viewer@switchyard.local / operator@switchyard.local with the admin's password. */
    viewer: ZCredentials.optional(),
    operator: ZCredentials.optional(),
    demoCaller: z.object({ name: z.string().min(1), secret: z.string().min(8) }),
    /** Plaintext bearer tokens; only their sha256 is stored. */
    adminToken: z.string().min(20),
    workerToken: z.string().min(20),
  })
  .refine((v) => v.snapshot !== undefined || v.topology !== undefined, {
    message: 'give either snapshot or topology',
  });

export type TSeedDemoInput = z.input<typeof ZSeedDemoInput>;
export type TSeedCredentials = z.infer<typeof ZCredentials>;

export const SEED_ACTOR = 'system:seed';
