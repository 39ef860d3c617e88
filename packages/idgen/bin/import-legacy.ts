/**
 * Import legacy meeting IDs into shadow keys (001 §6.4.1, §6.5). Progress lines go to
 * stderr, the final summary (JSON) to stdout. Ctrl-C stops after the current batch with the
 * state saved; rerun with the same --state to resume.
 * Run: node --import tsx packages/idgen/bin/import-legacy.ts --from-file ids.txt --state import.json
 */
import { Redis } from 'ioredis';
import {
  importLegacyFromFile,
  importLegacyFromScan,
  IMPORT_USAGE,
  instanceClients,
  isIdgenError,
  loadImportConfig,
  parseImportArgs,
  type ImportOptions,
  type ImportProgress,
} from '../src/index.ts';

const line = (p: ImportProgress): string =>
  `legacy import: read ${p.read} imported ${p.imported} existing ${p.existing} invalid ${p.invalid} (${p.position})${p.done ? ' done' : ''}`;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseImportArgs(argv);
  if (args.help) {
    console.log(IMPORT_USAGE);
    return 0;
  }
  const cfg = await loadImportConfig(args.config, args.stackFile);
  const clients = instanceClients(cfg);
  const stop = new AbortController();
  process.once('SIGINT', () => {
    console.error('legacy import: stopping after this batch (state is saved)');
    stop.abort();
  });
  const opts: ImportOptions = {
    cfg,
    writerFor: (name) => clients.get(name),
    statePath: args.state,
    batch: args.batch,
    signal: stop.signal,
    onProgress: (p) => console.error(line(p)),
  };
  if (args.state === undefined) console.error('legacy import: no --state given, so this run cannot be resumed');
  try {
    if (args.fromFile !== undefined) {
      console.log(JSON.stringify(await importLegacyFromFile(args.fromFile, opts)));
    } else {
      const source = new Redis({
        host: args.scanHost,
        port: args.scanPort,
        password: args.scanPassword,
        maxRetriesPerRequest: 2,
      });
      try {
        console.log(JSON.stringify(await importLegacyFromScan(source, `${args.scanHost}:${args.scanPort}`, opts)));
      } finally {
        source.disconnect();
      }
    }
    return 0;
  } finally {
    await clients.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (isIdgenError(e)) {
      console.error(`${e.code}: ${e.message}`);
      if (e.code === 'IMPORT_ARGS_INVALID') console.error(`\n${IMPORT_USAGE}`);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
