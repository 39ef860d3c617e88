import { describe, expect, it } from 'vitest';
import { ReplyFramer } from './reply-framer.ts';

const B = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Feeds `stream` in chunks of `size` through scan-then-skip, as RawConnection does with a cap of `max`. */
function run(stream: Buffer, size: number, max: number): { replies: string[]; kept: number } {
  const framer = new ReplyFramer();
  const replies: string[] = [];
  let held = Buffer.alloc(0);
  let skipping = false;
  let maxKept = 0;
  for (let off = 0; off < stream.length; off += size) {
    let buf = Buffer.concat([held, stream.subarray(off, off + size)]);
    let pos = 0;
    while (pos < buf.length) {
      if (skipping) {
        const end = framer.skip(buf, pos);
        if (end < 0) {
          pos = -end - 1;
          break;
        }
        skipping = false;
        framer.reset();
        pos = end;
        continue;
      }
      const end = framer.scan(buf, pos);
      if (end < 0 && -end <= max) break;
      if (end >= 0) {
        replies.push(end - pos <= max ? buf.toString('latin1', pos, end) : 'CUT');
        pos = end;
      } else {
        replies.push('CUT');
        pos += framer.resumeOffset;
        skipping = true;
      }
    }
    held = buf.subarray(pos);
    maxKept = Math.max(maxKept, held.length);
    buf = held;
  }
  return { replies, kept: maxKept };
}

describe('ReplyFramer.skip', () => {
  const big = `$${5000}\r\n${'x'.repeat(5000)}\r\n`;
  const arr = `*3\r\n$2\r\nab\r\n*2\r\n:1\r\n$-1\r\n+OK\r\n`;
  const longArray = `*400\r\n${Array.from({ length: 400 }, (_, i) => `$5\r\nv${String(i).padStart(4, '0')}\r\n`).join('')}`;
  const stream = B(`+A\r\n${big}:7\r\n${longArray}${arr}-ERR x\r\n`);

  it.each([1, 2, 3, 7, 64, 1000, 100_000])(
    'cuts oversized replies and frames the rest unchanged in chunks of %i',
    (size) => {
      const { replies, kept } = run(stream, size, 1000);
      expect(replies).toEqual(['+A\r\n', 'CUT', ':7\r\n', 'CUT', arr, '-ERR x\r\n']);
      // While skipping, only what scan had buffered (below the cap plus a chunk) is kept.
      expect(kept).toBeLessThan(1000 + size + 64);
    },
  );

  it('passes replies under the cap whole', () => {
    expect(run(stream, 13, 1_000_000).replies).toEqual(['+A\r\n', big, ':7\r\n', longArray, arr, '-ERR x\r\n']);
  });
});
