import { z } from 'zod';

const ZStackEnv = z.object({
  /** A real PostgreSQL server; when absent the stack runs the embedded PGlite one. */
  DATABASE_URL: z.string().url().optional(),
  /** Where the stack keeps its state; `<repo>/.switchyard` when absent. */
  SWITCHYARD_HOME: z.string().min(1).optional(),
  /** The demo simulator's caller secret, set by the stack for that process (never on argv). */
  SIMULATOR_CALLER_SECRET: z.string().min(1).optional(),
  /** Issue 14: each demo redis-server's `maxmemory` (noeviction: a full instance refuses writes, never drops data). */
  DEMO_REDIS_MAXMEMORY: z
    .string()
    .regex(/^[1-9][0-9]*(kb|mb|gb)?$/i, 'a size such as 256mb')
    .default('256mb'),
});

export const stackEnv = ZStackEnv.parse({
  DATABASE_URL: process.env.DATABASE_URL || undefined,
  SWITCHYARD_HOME: process.env.SWITCHYARD_HOME || undefined,
  SIMULATOR_CALLER_SECRET: process.env.SIMULATOR_CALLER_SECRET || undefined,
  DEMO_REDIS_MAXMEMORY: process.env.DEMO_REDIS_MAXMEMORY || undefined,
});

/**
 * The environment a started service inherits (PATH, HOME, NODE_OPTIONS, ...) before the
 * stack's own variables for it: passed through untouched, since the service parses its own.
 */
export const inheritedEnv = (): Record<string, string | undefined> => ({ ...process.env });
