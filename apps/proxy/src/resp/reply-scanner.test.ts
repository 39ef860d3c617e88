import { describe, expect, it } from 'vitest';
import { ReplyFramer } from './reply-framer.ts';
import { arrayElements, integerReply, isErrorReply, scanReply } from './reply-scanner.ts';

const REPLIES = [
  '+OK\r\n',
  '-ERR bad\r\n',
  ':-42\r\n',
  '$-1\r\n',
  '$0\r\n\r\n',
  '$5\r\nhe\r\nl\r\n',
  '*-1\r\n',
  '*0\r\n',
  '*3\r\n$1\r\na\r\n*2\r\n:1\r\n$-1\r\n+x\r\n',
];

describe('scanReply', () => {
  it('frames each reply exactly, and reports every strict prefix as incomplete', () => {
    for (const text of REPLIES) {
      const buf = Buffer.from(text);
      expect(scanReply(buf, 0)).toBe(buf.length);
      for (let i = 0; i < buf.length; i++) {
        const hint = scanReply(buf.subarray(0, i), 0);
        expect(hint).toBeLessThan(0);
        expect(-hint).toBeGreaterThan(i);
        expect(-hint).toBeLessThanOrEqual(buf.length);
      }
    }
  });

  it('frames a stream of replies back to back', () => {
    const stream = Buffer.from(REPLIES.join(''));
    let at = 0;
    const framed: string[] = [];
    while (at < stream.length) {
      const end = scanReply(stream, at);
      framed.push(stream.toString('latin1', at, end));
      at = end;
    }
    expect(framed).toEqual(REPLIES);
  });

  it('extracts array elements and reads integers and errors', () => {
    expect(arrayElements(Buffer.from('*3\r\n$1\r\na\r\n$-1\r\n:7\r\n'))!.map((b) => b.toString())).toEqual([
      '$1\r\na\r\n',
      '$-1\r\n',
      ':7\r\n',
    ]);
    expect(arrayElements(Buffer.from('+OK\r\n'))).toBeNull();
    expect(integerReply(Buffer.from(':123\r\n'))).toBe(123);
    expect(integerReply(Buffer.from('+OK\r\n'))).toBeNull();
    expect(isErrorReply(Buffer.from('-WRONGTYPE x\r\n'))).toBe(true);
  });
});

describe('ReplyFramer', () => {
  const stream = Buffer.from(REPLIES.join(''));
  const frame = (chunks: Buffer[]): string[] => {
    const framer = new ReplyFramer();
    const out: string[] = [];
    let buf = Buffer.alloc(0);
    let from = 0;
    for (const chunk of chunks) {
      buf = Buffer.concat([buf.subarray(from), chunk]);
      from = 0;
      for (;;) {
        if (from >= buf.length) break;
        const end = framer.scan(buf, from);
        if (end < 0) break;
        out.push(buf.toString('latin1', from, end));
        from = end;
      }
    }
    return out;
  };

  it('frames the stream as one chunk, byte by byte, and split at every boundary', () => {
    expect(frame([stream])).toEqual(REPLIES);
    expect(frame([...stream].map((b) => Buffer.from([b])))).toEqual(REPLIES);
    for (let i = 1; i < stream.length; i++) expect(frame([stream.subarray(0, i), stream.subarray(i)])).toEqual(REPLIES);
  });

  it('scans a large multi-element reply once however it is chunked', () => {
    const n = 200_000;
    const big = Buffer.from(`*${n}\r\n` + '$1\r\nx\r\n'.repeat(n) + '+OK\r\n');
    const chunks: Buffer[] = [];
    for (let i = 0; i < big.length; i += 1000) chunks.push(big.subarray(i, i + 1000));
    const out = frame(chunks);
    expect(out).toHaveLength(2);
    expect(out[1]).toBe('+OK\r\n');
  });
});
