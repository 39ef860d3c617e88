import { describe, expect, it } from 'vitest';
import { encodeBulks, KeyBatch, scriptFrame } from './frame.ts';

const resp = (items: readonly Buffer[]): Buffer =>
  Buffer.concat(items.flatMap((b) => [Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n')]));

describe('frame encoding', () => {
  it('encodes bulk strings of every length class byte for byte, binary included', () => {
    const items = [0, 1, 9, 10, 99, 100, 12_345].map((n) => Buffer.alloc(n, n % 256));
    items.push(Buffer.from([0xff, 0x0d, 0x0a, 0x00, 0xe9]));
    expect(encodeBulks(items).equals(resp(items))).toBe(true);
  });

  it('frames EVALSHA with the count, numkeys, the batch keys once encoded, then the arguments', () => {
    const batch = new KeyBatch([Buffer.from('k1'), Buffer.from([0x80, 0x81])]);
    const frame = scriptFrame('EVALSHA', 'abc', batch, [512, 'x', Buffer.from([1, 2])]);
    const parts = ['EVALSHA', 'abc', '2'].map((s) => Buffer.from(s));
    parts.push(Buffer.from('k1'), Buffer.from([0x80, 0x81]), Buffer.from('512'), Buffer.from('x'), Buffer.from([1, 2]));
    expect(frame.equals(Buffer.concat([Buffer.from('*8\r\n'), resp(parts)]))).toBe(true);
    // The keys' encoding is made once and reused by the next call.
    expect(batch.resp).toBe(batch.resp);
  });
});
