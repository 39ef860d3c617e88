import { describe, expect, it } from 'vitest';
import { CORE_ERROR_CODES, CoreError, isCoreError } from './errors.ts';
import { catalogError, isSwitchyardError, SwitchyardError } from './switchyard-error.ts';

describe('SwitchyardError', () => {
  it('carries a code, a message, details and a hint', () => {
    const e = new SwitchyardError('X_FAILED', 'x failed; retry', {
      details: { n: 1 },
      hint: 'see the log',
      cause: new Error('inner'),
    });
    expect(e).toBeInstanceOf(Error);
    expect({ code: e.code, message: e.message, details: e.details, hint: e.hint, name: e.name }).toEqual({
      code: 'X_FAILED',
      message: 'x failed; retry',
      details: { n: 1 },
      hint: 'see the log',
      name: 'SwitchyardError',
    });
    expect((e.cause as Error).message).toBe('inner');
  });

  it('builds catalog classes that default the message from the catalog and stay apart', () => {
    const Other = catalogError('OtherError', { A: 'a happened' });
    const core = new CoreError('ID_EMPTY');
    expect(core.message).toBe(CORE_ERROR_CODES.ID_EMPTY);
    expect(core.name).toBe('CoreError');
    expect(isSwitchyardError(core) && isCoreError(core)).toBe(true);
    const other = new Other('A', undefined, { at: 2 });
    expect([other.message, other.name, other.details]).toEqual(['a happened', 'OtherError', { at: 2 }]);
    expect(isCoreError(other)).toBe(false);
    expect(new CoreError('SEQ_TOO_SHORT', 'custom').message).toBe('custom');
  });
});
