import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODER_LIMITS, ProtocolError, RequestDecoder, splitInline } from './request-decoder.ts';

const split = (line: string): string[] | null =>
  splitInline(Buffer.from(line, 'latin1'), 0, line.length)?.map((b) => b.toString('latin1')) ?? null;

/** Expected values follow Redis 7.0's sdssplitargs (src/sds.c). */
describe('splitInline (sdssplitargs)', () => {
  it.each([
    ['SET k v', ['SET', 'k', 'v']],
    ['  SET\t k   v  ', ['SET', 'k', 'v']],
    ['SET "k\\x41" 1', ['SET', 'kA', '1']],
    ['ECHO "a\\n\\r\\t\\b\\a\\"\\\\z"', ['ECHO', 'a\n\r\t\b\x07"\\z']],
    ['ECHO "\\x4g"', ['ECHO', 'x4g']],
    ["ECHO 'it\\'s' 'a\\nb'", ['ECHO', "it's", 'a\\nb']],
    ['ECHO a"b c"d', null],
    ['ECHO a"b c"', ['ECHO', 'ab c']],
    ['ECHO ""', ['ECHO', '']],
    ['', []],
  ])('%s', (line, expected) => {
    expect(split(line)).toEqual(expected);
  });

  it.each(['SET "k"v 1', 'SET "k 1', "SET 'k 1", "SET 'k'v", 'set """test-key""" test-value'])(
    'unbalanced: %s',
    (line) => {
      expect(split(line)).toBeNull();
    },
  );

  it('the decoder fails the connection on unbalanced quotes, after emitting the earlier commands', () => {
    const seen: string[][] = [];
    const decoder = new RequestDecoder(DEFAULT_DECODER_LIMITS, (c) => seen.push(c.args().map((a) => a.toString())));
    expect(() => decoder.feed(Buffer.from('PING\r\nSET "k"v 1\r\nPING\r\n'))).toThrow(
      new ProtocolError('unbalanced quotes in request'),
    );
    expect(seen).toEqual([['PING']]);
  });
});
