import { describe, expect, it } from 'vitest';
import { parseImportArgs } from './import-cli-args.ts';

describe('parseImportArgs', () => {
  it('accepts a file import with defaults', () => {
    expect(parseImportArgs(['--from-file', 'ids.txt', '--state', 's.json'])).toMatchObject({
      fromFile: 'ids.txt',
      state: 's.json',
      batch: 1000,
      stackFile: '.switchyard/stack.json',
    });
  });

  it('accepts a SCAN import and coerces numbers', () => {
    expect(parseImportArgs(['--scan-port', '6390', '--batch', '50'])).toMatchObject({
      scanPort: 6390,
      scanHost: '127.0.0.1',
      batch: 50,
    });
  });

  it.each([
    [[], /exactly one of --from-file or --scan-port/],
    [['--from-file', 'a', '--scan-port', '1'], /exactly one/],
    [['--scan-port', '70000'], /--scan-port/],
    [['--from-file', 'a', '--batch', '0'], /--batch/],
    [['--from-file', 'a', '--bogus'], /Unknown option/],
  ])('rejects %j with IMPORT_ARGS_INVALID', (argv, message) => {
    expect(() => parseImportArgs(argv)).toThrow(message);
    try {
      parseImportArgs(argv);
    } catch (e) {
      expect(e).toMatchObject({ code: 'IMPORT_ARGS_INVALID' });
    }
  });
});
