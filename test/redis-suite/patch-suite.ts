/**
 * Copies the read-only suite to a temp dir (runtest writes tests/tmp) and applies the
 * Switchyard patch set: one helper file, bypass.tcl, that sends server-administration
 * commands straight to the backend. Every patch is listed in docs/COMPATIBILITY.md.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Exact text edits to tests/test_helper.tcl; each must match exactly once. */
export const HELPER_EDITS: ReadonlyArray<{ find: string; replace: string; why: string }> = [
  {
    find: 'proc r {args} {',
    replace: 'proc sy_through_r {args} {',
    why: "the original `r` is kept as sy_through_r; bypass.tcl's `r` wraps it",
  },
  {
    find: 'proc redis_deferring_client {args} {',
    replace: 'proc sy_through_deferring_client {args} {',
    why: "the original is kept as sy_through_deferring_client; bypass.tcl's redis_deferring_client wraps it",
  },
  {
    find: 'source tests/support/util.tcl\n',
    replace: 'source tests/support/util.tcl\nsource tests/switchyard-bypass.tcl\n',
    why: 'load the wrapper',
  },
];

export function patchHelper(text: string): string {
  let out = text;
  for (const e of HELPER_EDITS) {
    const at = out.indexOf(e.find);
    if (at < 0 || out.indexOf(e.find, at + 1) >= 0)
      throw new Error(`redis-suite patch: '${e.find.trim()}' must occur exactly once in test_helper.tcl`);
    out = out.slice(0, at) + e.replace + out.slice(at + e.find.length);
  }
  return out;
}

/** A patched copy of the suite; returns its directory. */
export async function preparedCopy(suiteDir: string, backendPort: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sy-redis-suite-'));
  await cp(suiteDir, dir, { recursive: true });
  const helper = path.join(dir, 'tests', 'test_helper.tcl');
  await writeFile(helper, patchHelper(await readFile(helper, 'utf8')));
  await cp(path.join(here, 'bypass.tcl'), path.join(dir, 'tests', 'switchyard-bypass.tcl'));
  await writeFile(path.join(dir, 'tests', 'switchyard-target.tcl'), `set ::sy_backend_port ${backendPort}\n`);
  return dir;
}
