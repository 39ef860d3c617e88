/**
 * Lines of a file from a byte offset, each with the offset just past it, so an import can
 * persist exactly how far it got. Bytes, not characters: offsets must survive a restart.
 */
import { open } from 'node:fs/promises';

export interface Line {
  text: string;
  /** Byte offset just past this line's newline (or the end of the file). */
  end: number;
}

export async function* readLines(path: string, from = 0, chunkBytes = 64 * 1024): AsyncGenerator<Line> {
  const file = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(chunkBytes);
    let carry = Buffer.alloc(0);
    let position = from;
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, chunkBytes, position);
      if (bytesRead === 0) break;
      const data =
        carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      const dataStart = position - carry.length;
      position += bytesRead;
      let start = 0;
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, start)) {
        yield { text: data.toString('utf8', start, nl), end: dataStart + nl + 1 };
        start = nl + 1;
      }
      // Copy: `chunk` is reused by the next read.
      carry = Buffer.from(data.subarray(start));
    }
    if (carry.length > 0) yield { text: carry.toString('utf8'), end: position };
  } finally {
    await file.close();
  }
}
