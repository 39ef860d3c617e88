/** Arguments of `import-legacy`, parsed with node:util and validated with zod. */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { IdgenError } from './errors.ts';

export const IMPORT_USAGE = `Usage: import-legacy (--from-file <ids.txt> | --scan-port <port> [--scan-host 127.0.0.1] [--scan-password <pw>])
                     [--state <state.json>] [--config <snapshot.json> | --stack-file .switchyard/stack.json] [--batch 1000]

Imports legacy meeting IDs into shadow_{<mid>} keys on the instance each ID's code routes to.
  --from-file    one decimal ID per line (blank lines skipped, invalid lines counted)
  --scan-port    SCAN this Redis for meeting-info keys (pure decimal keys) instead
  --state        progress file (byte offset or SCAN cursor); rerun with it to resume
  --config       a published config snapshot (JSON); default: the demo topology of --stack-file
  --batch        IDs per write batch and the SCAN COUNT hint (1..100000)`;

const ZPort = z.coerce.number().int().min(1).max(65535);

export const ZImportArgs = z
  .object({
    fromFile: z.string().min(1).optional(),
    scanPort: ZPort.optional(),
    scanHost: z.string().min(1).default('127.0.0.1'),
    scanPassword: z.string().optional(),
    state: z.string().min(1).optional(),
    config: z.string().min(1).optional(),
    stackFile: z.string().min(1).default('.switchyard/stack.json'),
    batch: z.coerce.number().int().min(1).max(100_000).default(1000),
    help: z.boolean().default(false),
  })
  .refine((a) => a.help || (a.fromFile === undefined) !== (a.scanPort === undefined), {
    message: 'give exactly one of --from-file or --scan-port',
  });
export type TImportArgs = z.infer<typeof ZImportArgs>;

export function parseImportArgs(argv: readonly string[]): TImportArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        'from-file': { type: 'string' },
        'scan-port': { type: 'string' },
        'scan-host': { type: 'string' },
        'scan-password': { type: 'string' },
        state: { type: 'string' },
        config: { type: 'string' },
        'stack-file': { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new IdgenError('IMPORT_ARGS_INVALID', e instanceof Error ? e.message : String(e));
  }
  const parsed = ZImportArgs.safeParse({
    fromFile: values['from-file'],
    scanPort: values['scan-port'],
    scanHost: values['scan-host'],
    scanPassword: values['scan-password'],
    state: values.state,
    config: values.config,
    stackFile: values['stack-file'],
    batch: values.batch,
    help: values.help,
  });
  if (!parsed.success) {
    throw new IdgenError(
      'IMPORT_ARGS_INVALID',
      parsed.error.issues
        .map(
          (i) =>
            (i.path.length ? `--${String(i.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ` : '') +
            i.message,
        )
        .join('; '),
    );
  }
  return parsed.data;
}
