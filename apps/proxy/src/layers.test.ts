/**
 * The proxy's folders are layers (ARCHITECTURE.md, "Proxy layout"): a value import may only
 * point to its own folder or a lower one, so no runtime call path can climb back into a folder
 * it came from. Type-only imports are erased at build time and may point anywhere (every
 * layer sees a session through the types in session/port.ts and session/context.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Top to bottom. Root files are the wiring (top), except errors.ts and env.ts ('leaf': only resp/ is below them). */
const LAYERS = [
  'wiring',
  'session',
  'pipeline',
  'commands',
  'pubsub',
  'blocking',
  'scan',
  'cache',
  'migration',
  'config-poller',
  'upstream',
  'telemetry',
  'protections',
  'auth',
  'routing',
  'leaf',
  'resp',
];
const LEAF_FILES = new Set(['errors.ts', 'env.ts']);
const SRC = path.dirname(new URL(import.meta.url).pathname);

function layerOf(file: string): string {
  const rel = path.relative(SRC, file);
  if (!rel.includes(path.sep)) return LEAF_FILES.has(rel) ? 'leaf' : 'wiring';
  return rel.split(path.sep)[0]!;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function upwardImports(): string[] {
  const out: string[] = [];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']+)'/gm)) {
      const from = layerOf(file);
      const to = layerOf(path.resolve(path.dirname(file), m[1]!));
      if (LAYERS.indexOf(to) < LAYERS.indexOf(from))
        out.push(`${path.relative(SRC, file)} -> ${m[1]} (${from} imports ${to})`);
    }
  }
  return out;
}

describe('proxy layers', () => {
  it('knows every folder of apps/proxy/src', () => {
    const folders = fs
      .readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'testing')
      .map((e) => e.name);
    expect(folders.filter((f) => !LAYERS.includes(f))).toEqual([]);
  });

  it('has no value import pointing to a higher layer', () => {
    expect(upwardImports()).toEqual([]);
  });
});
