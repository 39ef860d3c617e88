/** What `seedDemo` needs; validated with zod because the bin reads it from JSON. */
import { z } from 'zod';
import { ZDataUser, ZKeyThrottle } from '@switchyard/core';

const ZPassword = z.string().min(8, 'passwords need at least 8 characters');
const ZCredentials = z.object({ email: z.email(), password: ZPassword, name: z.string().min(1).optional() });
const ZSeedUser = ZCredentials.extend({ role: z.enum(['viewer', 'operator', 'admin']) });

export const DEMO_VIEWER_EMAIL = 'viewer@switchyard.local';
export const DEMO_OPERATOR_EMAIL = 'operator@switchyard.local';

export const ZSeedDemoInput = z
  .object({
    /** The config to publish as version 1. Give this or `topology`. */
    snapshot: z.unknown().optional(),
    /** Demo Redis ports; the snapshot is built with core's demoSnapshot() from them. */
    topology: z
      .object({
        host: z.string().min(1),
        ports: z.record(z.string(), z.number().int().min(1).max(65535)),
        dataUser: ZDataUser.optional(),
        /** Hot-key throttles to publish with the demo config (seed 003). */
        throttles: z.array(ZKeyThrottle).optional(),
      })
      .optional(),
    /** Either `users` (full list), or `admin` plus optional `viewer`/`operator`. */
    users: z.array(ZSeedUser).min(1).optional(),
    admin: ZCredentials.optional(),
    /** Default: viewer@switchyard.local / operator@switchyard.local with the admin's password. */
    viewer: ZCredentials.optional(),
    operator: ZCredentials.optional(),
    /**
     * The demo caller's plaintext secret. Required with `topology`. With `snapshot` it is
     * optional, but without it a re-seed cannot tell a freshly salted hash of the same secret
     * from a new secret, so it republishes the config on every run.
     */
    demoCaller: z.object({ name: z.string().min(1), secret: z.string().min(8) }).optional(),
    /** Plaintext bearer tokens; only their sha256 is stored. The API token belongs to the first admin. */
    adminToken: z.string().min(20),
    workerToken: z.string().min(20),
  })
  .refine((v) => v.snapshot !== undefined || v.topology !== undefined, { message: 'give either snapshot or topology' })
  .refine((v) => v.topology === undefined || v.demoCaller !== undefined, { message: 'topology needs demoCaller' })
  .refine((v) => v.admin !== undefined || v.users?.some((u) => u.role === 'admin'), {
    message: 'give admin, or users with an admin',
  })
  .transform((v) => ({ ...v, users: v.users ?? defaultUsers(v.admin, v.operator, v.viewer) }));

type TCredentials = z.infer<typeof ZCredentials>;
export type TSeedUser = z.infer<typeof ZSeedUser>;
export type TSeedDemoInput = z.input<typeof ZSeedDemoInput>;
export type TSeedDemo = z.output<typeof ZSeedDemoInput>;

function defaultUsers(admin: TCredentials | undefined, operator?: TCredentials, viewer?: TCredentials): TSeedUser[] {
  if (!admin) return [];
  const fallback = { password: admin.password };
  return [
    { ...admin, role: 'admin' },
    { email: DEMO_OPERATOR_EMAIL, ...fallback, ...operator, role: 'operator' },
    { email: DEMO_VIEWER_EMAIL, ...fallback, ...viewer, role: 'viewer' },
  ];
}

export const SEED_ACTOR = 'system:seed';
