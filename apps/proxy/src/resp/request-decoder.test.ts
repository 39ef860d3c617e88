import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODER_LIMITS, ProtocolError, RequestDecoder, type DecoderLimits } from './request-decoder.ts';
import { command } from './encode.ts';

type Decoded = { args: string[]; raw: string | null };

function decodeChunks(chunks: Buffer[], limits: DecoderLimits = DEFAULT_DECODER_LIMITS): Decoded[] {
  const out: Decoded[] = [];
  const decoder = new RequestDecoder(limits, (c) =>
    out.push({ args: c.args().map((a) => a.toString('latin1')), raw: c.raw().toString('latin1') }),
  );
  for (const c of chunks) decoder.feed(c);
  return out;
}

const INPUT = Buffer.concat([
  command(['SET', 'key:1', 'hello\r\nworld']),
  command(['GET', 'key:1']),
  Buffer.from('PING\r\n'),
  Buffer.from('set "a b" \'c d\' e\n'),
  Buffer.from('*0\r\n'),
  command(['MGET', '', 'x'.repeat(300)]),
]);
const EXPECTED: Decoded[] = [
  { args: ['SET', 'key:1', 'hello\r\nworld'], raw: command(['SET', 'key:1', 'hello\r\nworld']).toString('latin1') },
  { args: ['GET', 'key:1'], raw: command(['GET', 'key:1']).toString('latin1') },
  { args: ['PING'], raw: command(['PING']).toString('latin1') },
  { args: ['set', 'a b', 'c d', 'e'], raw: command(['set', 'a b', 'c d', 'e']).toString('latin1') },
  { args: ['MGET', '', 'x'.repeat(300)], raw: command(['MGET', '', 'x'.repeat(300)]).toString('latin1') },
];

describe('RequestDecoder chunking', () => {
  it('decodes the input as one chunk', () => {
    expect(decodeChunks([INPUT])).toEqual(EXPECTED);
  });

  it('decodes the input byte by byte', () => {
    const bytes = [...INPUT].map((b) => Buffer.from([b]));
    expect(decodeChunks(bytes)).toEqual(EXPECTED);
  });

  it('decodes the input split at every boundary', () => {
    for (let i = 1; i < INPUT.length; i++) {
      expect(decodeChunks([INPUT.subarray(0, i), INPUT.subarray(i)])).toEqual(EXPECTED);
    }
  });

  it('decodes a large bulk arriving in many chunks', () => {
    const big = command(['SET', 'k', Buffer.alloc(1_000_000, 97)]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < big.length; i += 4096) chunks.push(big.subarray(i, i + 4096));
    const out = decodeChunks(chunks);
    expect(out).toHaveLength(1);
    expect(out[0]!.args[2]!.length).toBe(1_000_000);
  });
});

describe('RequestDecoder limits', () => {
  const limits: DecoderLimits = { maxBulkBytes: 100, maxArrayLength: 10, maxInlineBytes: 50, maxQueryBytes: 1000 };
  const fails = (input: string, message: RegExp): void => {
    expect(() => decodeChunks([Buffer.from(input)], limits)).toThrow(message);
  };

  it('refuses an oversized bulk from its header, before the body arrives', () => {
    fails('*2\r\n$3\r\nGET\r\n$101\r\n', /invalid bulk length/);
  });
  it('refuses too many multibulk elements', () => fails('*11\r\n', /invalid multibulk length/));
  it('refuses an inline line past the limit', () => fails('x'.repeat(51), /too big inline request/));
  it('refuses malformed framing', () => {
    fails('*2\r\n$3\r\nGET\r\n:1\r\n', /expected '\$'/);
    fails('*abc\r\n', /invalid multibulk length/);
    fails('*1\r\n$3\r\nGETxx', /expected '\\r\\n'/);
    fails('*1\r\n$-5\r\n', /invalid bulk length/);
  });
  it('bounds the bytes held for one incomplete request', () => {
    const header = '*10\r\n' + '$100\r\n' + 'x'.repeat(100) + '\r\n';
    fails(header.repeat(1) + ('$100\r\n' + 'y'.repeat(100) + '\r\n').repeat(9).slice(0, 950), /query buffer limit/);
  });
  it('stays failed after an error', () => {
    const decoder = new RequestDecoder(limits, () => undefined);
    expect(() => decoder.feed(Buffer.from('*99\r\n'))).toThrow(ProtocolError);
    expect(() => decoder.feed(Buffer.from('PING\r\n'))).toThrow(ProtocolError);
  });
});

describe('RequestDecoder fuzz', () => {
  const limits: DecoderLimits = {
    maxBulkBytes: 4096,
    maxArrayLength: 64,
    maxInlineBytes: 1024,
    maxQueryBytes: 16 * 1024,
  };
  const arbCommand = fc
    .array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 6 })
    .map((args) => command(args.map((a) => Buffer.from(a))));

  it('decodes any valid frames however they are chunked', () => {
    fc.assert(
      fc.property(fc.array(arbCommand, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (frames, cuts) => {
        const input = Buffer.concat(frames);
        const points = [...new Set(cuts.map((c) => (input.length === 0 ? 0 : c % input.length)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(input.subarray(prev, p));
          prev = p;
        }
        chunks.push(input.subarray(prev));
        const out = decodeChunks(chunks, limits);
        expect(out.map((d) => d.raw)).toEqual(frames.map((f) => f.toString('latin1')));
      }),
      { numRuns: 300 },
    );
  });

  it('never crashes or over-buffers on random and mutated input', () => {
    const mutated = fc
      .tuple(fc.array(arbCommand, { minLength: 1, maxLength: 4 }), fc.nat(), fc.integer({ min: 0, max: 255 }))
      .map(([frames, at, byte]) => {
        const input = Buffer.from(Buffer.concat(frames));
        input[at % input.length] = byte;
        return input;
      });
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
        ),
        fc.integer({ min: 1, max: 64 }),
        (input, step) => {
          const decoder = new RequestDecoder(limits, () => undefined);
          try {
            for (let i = 0; i < input.length; i += step) {
              decoder.feed(input.subarray(i, i + step));
              expect(decoder.bufferedBytes).toBeLessThanOrEqual(limits.maxQueryBytes);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(ProtocolError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
