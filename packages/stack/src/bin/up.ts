import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv } from '../env.ts';
import { stackPaths } from '../stack/state.ts';
import { describeStack, up } from '../stack/up.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const paths = stackPaths(root, stackEnv.SWITCHYARD_HOME);
try {
  const result = await up(
    paths,
    { databaseUrl: stackEnv.DATABASE_URL, redisMaxmemory: stackEnv.DEMO_REDIS_MAXMEMORY },
    (line) => console.error(`switchyard: ${line}`),
  );
  if (result.reused) console.error('switchyard: the stack is already running; reusing it');
  console.log(describeStack(result.stack));
  console.log(`  Stack file     ${paths.stackFile}\n  Stop it with   npm run down\n`);
} catch (err) {
  console.error(`switchyard: ${(err as Error).message}`);
  process.exit(1);
}
