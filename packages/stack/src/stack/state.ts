/**
 * `.switchyard/stack.json` is a public contract (DESIGN §10): tests, benchmarks and syctl read
 * it. `processes.json` beside it is private bookkeeping for `down` and for `up`'s reuse check.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const ZStackFile = z.object({
  console: z.object({ url: z.string().url() }),
  proxies: z.array(
    z.object({ name: z.string(), region: z.string(), port: z.number().int(), metricsPort: z.number().int() }),
  ),
  redis: z.array(
    z.object({
      name: z.string(),
      region: z.string(),
      identity: z.enum(['personal', 'enterprise']).nullable(),
      role: z.enum(['home', 'mirror', 'spare', 'control']),
      port: z.number().int(),
    }),
  ),
  database: z.object({ url: z.string(), embedded: z.boolean() }),
  demoCaller: z.object({ name: z.string(), secret: z.string() }),
  admin: z.object({ email: z.string(), password: z.string() }),
  adminToken: z.string(),
  /** Extension: the viewer account, for demos of the read-only console. */
  viewer: z.object({ email: z.string(), password: z.string() }),
  /** The role ops use day to day (issue 16 #15); optional so a stack.json of an older `up` still reads. */
  operator: z.object({ email: z.string(), password: z.string() }).optional(),
  /** Extension (issue 17): the local webhook receiver the seeded `demo-receiver` webhook posts to, and its log. */
  webhookReceiver: z.object({ url: z.string(), log: z.string() }).optional(),
  startedAt: z.string(),
});
export type TStackFile = z.infer<typeof ZStackFile>;

export const ZProcessEntry = z.object({
  name: z.string(),
  kind: z.enum(['redis', 'postgres', 'console', 'proxy', 'simulator', 'worker', 'receiver']),
  pid: z.number().int(),
  port: z.number().int().optional(),
  log: z.string(),
});
export type TProcessEntry = z.infer<typeof ZProcessEntry>;
export const ZProcessFile = z.object({ processes: z.array(ZProcessEntry) });

/** Secrets survive restarts so the persisted database keeps matching them. */
export const ZSecrets = z.object({
  adminPassword: z.string(),
  viewerPassword: z.string(),
  operatorPassword: z.string(),
  adminToken: z.string(),
  workerToken: z.string(),
  demoCallerSecret: z.string(),
  /** Issue 14: the managed data user's password; absent in files written before it existed. */
  dataUserPassword: z.string().min(16).optional(),
});
export type TSecrets = z.infer<typeof ZSecrets>;

export interface StackPaths {
  root: string;
  dir: string;
  stackFile: string;
  processFile: string;
  secretsFile: string;
  logs: string;
  pgdata: string;
  redisDir: (name: string) => string;
  lkgDir: string;
}

/** `home` overrides `<repo>/.switchyard`, so e2e tests run a stack beside a running demo. */
export function stackPaths(repoRoot: string, home?: string): StackPaths {
  const dir = home ?? path.join(repoRoot, '.switchyard');
  return {
    root: repoRoot,
    dir,
    stackFile: path.join(dir, 'stack.json'),
    processFile: path.join(dir, 'processes.json'),
    secretsFile: path.join(dir, 'secrets.json'),
    logs: path.join(dir, 'logs'),
    pgdata: path.join(dir, 'pgdata'),
    redisDir: (name) => path.join(dir, 'redis', name),
    lkgDir: path.join(dir, 'lkg'),
  };
}

export async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Write-then-rename, so a reader never sees half a file. */
export async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}

export async function removeFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
