/**
 * Summarises a `node --cpu-prof` profile: the top functions by self time, as a share of the
 * sampled time, for docs/PERFORMANCE.md (the .cpuprofile files themselves are not committed).
 * Run: node --import tsx bench/lib/cpuprof-summary.ts <file.cpuprofile> [--top 15] [--filter text] [--by package]
 * `--by package` adds self time up per npm package / workspace file (PGlite's Wasm as one
 * row), which compares two profiles better than single functions do.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const ZProfile = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '15' },
    filter: { type: 'string', default: '' },
    by: { type: 'string', default: 'function' },
  },
});
if (positionals.length !== 1 || !['function', 'package'].includes(values.by))
  throw new Error('usage: cpuprof-summary.ts <file.cpuprofile> [--top 15] [--filter text] [--by function|package]');
const profile = ZProfile.parse(JSON.parse(await readFile(positionals[0]!, 'utf8')));
const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const f = frameOf.get(id);
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  if (!f) return;
  const file = f.url.replace(/^file:\/\//, '').replace(/.*\/(node_modules|work\/x20)\//, '$1/');
  const name =
    values.by === 'package'
      ? packageOf(f.functionName, file)
      : `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + dt);
});
/** `node_modules/@scope/pkg/…` → `@scope/pkg`; workspace files stay whole; Wasm → `wasm`. */
function packageOf(functionName: string, file: string): string {
  if (file.startsWith('wasm://')) return 'wasm (PGlite)';
  if (file === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1]!;
  if (file.startsWith('node:')) return 'node internals';
  return file.replace(/^.*?\/(apps|packages|bench)\//, '$1/');
}
const rows = [...self.entries()]
  .filter(([name]) => name.includes(values.filter ?? ''))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(values.top));
console.log(`sampled ${(total / 1e6).toFixed(2)} s`);
for (const [name, us] of rows)
  console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${name}`);
