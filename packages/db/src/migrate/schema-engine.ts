/**
 * Loads Prisma's schema engine compiled to WebAssembly. The package's own entry does
 * `import "./schema_engine_bg.wasm"`, which Node cannot import without a flag, so we
 * instantiate the module ourselves and hand it to the generated JS bindings.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

export type { SchemaEngine };

let initialised: Promise<void> | null = null;

/** The slice of the WebAssembly global we use (lib "dom" is off in this repo). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The engine reports Rust panics through this global before it throws. */
let lastPanic: string | null = null;
const panicRegistry = { set_message: (message: string): void => void (lastPanic = message) };

export function takePanicMessage(): string | null {
  const message = lastPanic;
  lastPanic = null;
  return message;
}

function initWasm(): Promise<void> {
  initialised ??= (async () => {
    Object.assign(globalThis, { PRISMA_WASM_PANIC_REGISTRY: panicRegistry });
    const require = createRequire(import.meta.url);
    const dir = dirname(require.resolve('@prisma/schema-engine-wasm'));
    const bytes = await readFile(join(dir, 'schema_engine_bg.wasm'));
    const { instance } = await wasmApi.instantiate(bytes, { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports['__wbindgen_start'] as () => void)();
  })();
  return initialised;
}

export interface SchemaFile {
  path: string;
  content: string;
}

export interface EngineHandle {
  engine: SchemaEngine;
  /** The engine's log lines, for error reports. */
  logs: string[];
  /** Maps an engine failure to the JS error that caused it (e.g. a pg error), if any. */
  explain(err: unknown): Error;
}

export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schemaFiles: SchemaFile[],
): Promise<EngineHandle> {
  await initWasm();
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  const logs: string[] = [];
  const log = (line: string): void => {
    logs.push(line);
    if (logs.length > 200) logs.shift();
  };
  const explain = (err: unknown): Error => {
    const panic = takePanicMessage();
    if (panic) return new Error(`schema engine panicked: ${panic}`);
    const id = (err as { id?: unknown } | null)?.id;
    const record = typeof id === 'number' ? adapter.errorRegistry.consumeError(id) : undefined;
    if (record?.error instanceof Error) return record.error;
    if (err instanceof Error) return err;
    const message = (err as { message?: unknown } | null)?.message;
    return new Error(typeof message === 'string' ? message : JSON.stringify(err));
  };
  const datamodels = schemaFiles.map((f): [string, string] => [f.path, f.content]);
  try {
    const engine = await bindings.SchemaEngine.new({ datamodels }, log, adapter);
    return { engine, logs, explain };
  } catch (err) {
    throw explain(err);
  }
}
