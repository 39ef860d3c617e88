import { describe, expect, it } from 'vitest';
import { entryFields, fieldsToRecord, parseEntry, type CompensationEntry } from './entry.ts';

describe('compensation entry fields', () => {
  it('round-trip binary keys and argv exactly, with readable previews', () => {
    const e: CompensationEntry = {
      migrationId: 'm1',
      kind: 'write',
      key: Buffer.from([0, 255, 10, 13]),
      argv: [Buffer.from('SET'), Buffer.from([0, 255, 10, 13]), Buffer.alloc(100, 7)],
      target: 'new',
      targetInstance: 'spare',
      truth: 'old',
      attempts: 3,
      firstError: 'ERR x',
      firstAt: 1_700_000_000_000,
    };
    const record = fieldsToRecord(entryFields(e));
    expect(parseEntry(record)).toEqual(e);
    expect(record.command?.startsWith('SET ')).toBe(true);
    expect(record.command?.endsWith('…(100 B)')).toBe(true);
  });

  it('reject entries with missing or malformed fields', () => {
    expect(() => parseEntry({ kind: 'write' })).toThrow();
    expect(() =>
      parseEntry({
        ...fieldsToRecord(
          entryFields({
            migrationId: 'm1',
            kind: 'repair',
            key: Buffer.from('k'),
            argv: [],
            target: 'old',
            targetInstance: 'a',
            truth: 'new',
            attempts: 1,
            firstError: '',
            firstAt: 1,
          }),
        ),
        target: 'sideways',
      }),
    ).toThrow();
  });
});
