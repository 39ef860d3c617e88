import { writeSeq } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { previewRecord, printable, VALUE_PREVIEW_CHARS } from './describe-side.ts';

const rec = (type: string, items: Buffer[] | null) => ({ type, pttl: -1, items });

describe('previewRecord', () => {
  it('shows a SEQ value as seq=N payload only when it is SEQ-shaped (8 bytes or more)', () => {
    expect(previewRecord(rec('string', [Buffer.from(writeSeq(9n, Buffer.from('planted')))]), 'seq')).toBe(
      'seq=9 planted',
    );
    expect(previewRecord(rec('string', [Buffer.from('short')]), 'seq')).toBe('short');
    expect(previewRecord(rec('string', [Buffer.from('12345678')]), 'plain')).toBe('12345678');
  });

  it('escapes binary bytes, truncates long values and summarises what it did not read', () => {
    expect(printable(Buffer.from([0x41, 0x00, 0xff, 0x5c]))).toBe('A\\x00\\xff\\\\');
    const long = previewRecord(rec('string', [Buffer.alloc(500, 0x61)]), 'plain');
    expect(long).toHaveLength(VALUE_PREVIEW_CHARS + 1);
    expect(long.endsWith('…')).toBe(true);
    expect(previewRecord(rec('hash', [Buffer.from('f'), Buffer.from('v')]), 'plain')).toBe('{f: v}');
    expect(previewRecord(rec('list', [Buffer.from('a'), Buffer.from('b')]), 'plain')).toBe('[a, b]');
    expect(previewRecord(rec('zset', null), 'plain')).toBe('(zset, too large to show)');
    expect(previewRecord(rec('stream', []), 'plain')).toBe('(stream)');
    expect(previewRecord(rec('none', []), 'plain')).toBe('');
  });
});
