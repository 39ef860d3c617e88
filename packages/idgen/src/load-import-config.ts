/**
 * The config an import routes by: a published snapshot file, or the demo topology on the
 * ports recorded in `.switchyard/stack.json` (DESIGN §10).
 */
import { readFile } from 'node:fs/promises';
import { compileConfig, demoSnapshot, formatProblems, parseSnapshot, type CompiledConfig } from '@switchyard/core';
import { z } from 'zod';
import { IdgenError } from './errors.ts';

/** The part of stack.json this needs; the full contract lives in @switchyard/stack. */
const ZStackPorts = z.object({ redis: z.array(z.object({ name: z.string(), port: z.number().int() })) });

export async function loadImportConfig(configPath: string | undefined, stackFile: string): Promise<CompiledConfig> {
  const read = async (file: string, what: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (e) {
      throw new IdgenError(
        'IMPORT_ARGS_INVALID',
        `cannot read ${what} ${file}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };
  let snapshot: unknown;
  if (configPath !== undefined) {
    snapshot = await read(configPath, 'config snapshot');
  } else {
    const stack = ZStackPorts.safeParse(
      JSON.parse(await read(stackFile, 'stack file (start the demo with `npm run up`, or pass --config)')),
    );
    if (!stack.success) throw new IdgenError('IMPORT_ARGS_INVALID', `${stackFile} has no redis port list`);
    const ports = Object.fromEntries(stack.data.redis.map((r) => [r.name, r.port]));
    // The secret hash only matters to the proxy's AUTH; routing never reads it.
    snapshot = demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$unused-by-import');
  }
  const parsed = parseSnapshot(snapshot);
  if (!parsed.ok)
    throw new IdgenError('IMPORT_ARGS_INVALID', `config snapshot is invalid:\n${formatProblems(parsed.problems)}`);
  return compileConfig(parsed.snapshot);
}
