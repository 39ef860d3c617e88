/** The only place syctl reads the environment: where the console is and how to authenticate. */
import { z } from 'zod';

const ZCliEnv = z.object({
  SWITCHYARD_URL: z.string().url().optional(),
  SWITCHYARD_TOKEN: z.string().min(1).optional(),
  /** Where `npm run up` keeps `.switchyard/` (same variable as the stack scripts). */
  SWITCHYARD_HOME: z.string().min(1).optional(),
  /** `syctl id new`: a proxy worker (host:port) and the caller to AUTH as, instead of stack.json. */
  SWITCHYARD_PROXY: z.string().min(1).optional(),
  SWITCHYARD_CALLER: z.string().min(1).optional(),
  SWITCHYARD_CALLER_SECRET: z.string().min(1).optional(),
});

export type TCliEnv = z.infer<typeof ZCliEnv>;

/** Every variable syctl reads (tests run it with exactly a given environment). */
export const CLI_ENV_NAMES = Object.keys(ZCliEnv.shape) as (keyof TCliEnv)[];

export function cliEnv(): TCliEnv {
  const blankToUndefined = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);
  return ZCliEnv.parse({
    SWITCHYARD_URL: blankToUndefined(process.env.SWITCHYARD_URL),
    SWITCHYARD_TOKEN: blankToUndefined(process.env.SWITCHYARD_TOKEN),
    SWITCHYARD_HOME: blankToUndefined(process.env.SWITCHYARD_HOME),
    SWITCHYARD_PROXY: blankToUndefined(process.env.SWITCHYARD_PROXY),
    SWITCHYARD_CALLER: blankToUndefined(process.env.SWITCHYARD_CALLER),
    SWITCHYARD_CALLER_SECRET: blankToUndefined(process.env.SWITCHYARD_CALLER_SECRET),
  });
}
