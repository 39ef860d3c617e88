/** Rewrites the generated command list in docs/COMPATIBILITY.md from the command table; the rest of the file is kept. */
import { readFile, writeFile } from 'node:fs/promises';
import { GENERATED_BEGIN, GENERATED_END, renderCompatibilityTable } from '../src/routing/compatibility.ts';

const file = new URL('../../../docs/COMPATIBILITY.md', import.meta.url);
const current = await readFile(file, 'utf8').catch(
  () => `# Redis compatibility\n\n${GENERATED_BEGIN}\n${GENERATED_END}\n`,
);
const start = current.indexOf(GENERATED_BEGIN);
const end = current.indexOf(GENERATED_END);
if (start < 0 || end < start)
  throw new Error(`docs/COMPATIBILITY.md lacks the ${GENERATED_BEGIN} ... ${GENERATED_END} markers`);
await writeFile(file, current.slice(0, start) + renderCompatibilityTable() + current.slice(end + GENERATED_END.length));
console.log('docs/COMPATIBILITY.md: command table rewritten');
