import { describe, expect, it } from 'vitest';
import { ReplyFramer } from './reply-framer.ts';
import { scanReply } from './reply-scanner.ts';

/** Every RESP3 reply type as Redis 7 sends it (HELLO 3, HGETALL, SMEMBERS, ZSCORE, DEBUG PROTOCOL ...). */
const RESP3 = [
  '_\r\n',
  '#t\r\n',
  '#f\r\n',
  ',3.14\r\n',
  ',inf\r\n',
  '(3492890328409238509324850943850943825024385\r\n',
  '=15\r\ntxt:Some string\r\n',
  '!21\r\nSYNTAX invalid syntax\r\n',
  '%2\r\n$5\r\nfield\r\n:1\r\n+k\r\n_\r\n',
  '%0\r\n',
  '~3\r\n:1\r\n,2.5\r\n#t\r\n',
  '~0\r\n',
  '>3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n',
  '|1\r\n+ttl\r\n:3600\r\n$5\r\nvalue\r\n',
  '*2\r\n|1\r\n+a\r\n:1\r\n:10\r\n%1\r\n~1\r\n_\r\n*1\r\n=5\r\ntxt:x\r\n',
  '|0\r\n*0\r\n',
];

describe('RESP3 framing', () => {
  it('scanReply frames each RESP3 reply exactly and every strict prefix is incomplete', () => {
    for (const text of RESP3) {
      const buf = Buffer.from(text);
      expect(scanReply(buf, 0), text).toBe(buf.length);
      for (let i = 0; i < buf.length; i++) expect(scanReply(buf.subarray(0, i), 0), `${text} @${i}`).toBeLessThan(0);
    }
  });

  it.each([1, 2, 5, 1000])('ReplyFramer frames a RESP3 stream in chunks of %i', (size) => {
    const stream = Buffer.from(RESP3.join(''));
    const framer = new ReplyFramer();
    const out: string[] = [];
    let buf = Buffer.alloc(0);
    for (let off = 0; off < stream.length; off += size) {
      buf = Buffer.concat([buf, stream.subarray(off, off + size)]);
      for (;;) {
        const end = framer.scan(buf, 0);
        if (end < 0) break;
        out.push(buf.toString('latin1', 0, end));
        buf = buf.subarray(end);
      }
    }
    expect(out).toEqual(RESP3);
  });

  it('skip consumes an over-cap RESP3 map and frames what follows', () => {
    const map = `%3\r\n$1\r\na\r\n=9\r\ntxt:12345\r\n$1\r\nb\r\n~2\r\n,1.5\r\n(12\r\n$1\r\nc\r\n!3\r\nERR\r\n`;
    const stream = Buffer.from(`${map}#t\r\n`);
    const framer = new ReplyFramer();
    expect(framer.scan(stream.subarray(0, 10), 0)).toBeLessThan(0);
    const end = framer.skip(stream, framer.resumeOffset);
    expect(end).toBe(map.length);
    framer.reset();
    expect(framer.scan(stream, end)).toBe(stream.length);
  });

  it('still refuses an unknown type byte', () => {
    expect(() => scanReply(Buffer.from('?x\r\n'), 0)).toThrow(/unexpected RESP type/);
    expect(() => new ReplyFramer().scan(Buffer.from('?x\r\n'), 0)).toThrow(/unexpected RESP type/);
  });
});
