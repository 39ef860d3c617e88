import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stackEnv } from '../env.ts';
import { down } from '../stack/down.ts';
import { stackPaths } from '../stack/state.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const stopped = await down(stackPaths(root, stackEnv.SWITCHYARD_HOME), (line) => console.error(`switchyard: ${line}`));
console.error(`switchyard: stopped ${stopped} process${stopped === 1 ? '' : 'es'}`);
