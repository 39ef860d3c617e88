/**
 * `npm run db:generate`: runs `prisma generate` without network access. The CLI insists on a
 * schema-engine binary before it generates, and downloads one when it is missing; generation
 * never executes it, so any existing file satisfies the check.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { childEnv } from '../env.ts';
import { REPO_ROOT, SCHEMA_PATH } from '../paths.ts';

const require = createRequire(import.meta.url);
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const quiet = process.argv.includes('--silent');

const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', SCHEMA_PATH], {
  cwd: REPO_ROOT,
  stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  env: childEnv({
    PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  }),
});
process.exit(result.status ?? 1);
