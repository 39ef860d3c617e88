import { describe, expect, it } from 'vitest';
import { nextFrame, readyStatus, SSL_REQUEST, STARTUP_V3 } from './wire-messages.ts';

function startup(): Buffer {
  const body = Buffer.from('user\0postgres\0\0');
  const b = Buffer.alloc(8 + body.length);
  b.writeInt32BE(b.length, 0);
  b.writeInt32BE(STARTUP_V3, 4);
  body.copy(b, 8);
  return b;
}
const query = (sql: string): Buffer => {
  const body = Buffer.from(`${sql}\0`);
  const b = Buffer.alloc(5 + body.length);
  b.write('Q', 0);
  b.writeInt32BE(4 + body.length, 1);
  body.copy(b, 5);
  return b;
};

function frames(stream: Buffer, chunkSize: number): string[] {
  const out: string[] = [];
  let buffer: Buffer = Buffer.alloc(0);
  let started = false;
  for (let i = 0; i < stream.length; i += chunkSize) {
    buffer = Buffer.concat([buffer, stream.subarray(i, i + chunkSize)]);
    for (let next = nextFrame(buffer, started); next; next = nextFrame(buffer, started)) {
      buffer = next.rest;
      const f = next.frame;
      if (f.kind === 'startup') started = true;
      out.push(f.kind === 'message' ? `${f.type}:${f.bytes.length}` : f.kind);
    }
  }
  return out;
}

describe('frontend framing', () => {
  const ssl = Buffer.alloc(8);
  ssl.writeInt32BE(8, 0);
  ssl.writeInt32BE(SSL_REQUEST, 4);
  const stream = Buffer.concat([ssl, startup(), query('select 1'), query('select 22')]);
  const expected = ['negotiate', 'startup', 'Q:14', 'Q:15'];

  it('splits the same stream identically whatever the chunking', () => {
    for (const size of [1, 2, 3, 7, 13, stream.length]) expect(frames(stream, size)).toEqual(expected);
  });

  it('refuses absurd lengths instead of buffering them', () => {
    const bad = Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]);
    expect(() => nextFrame(bad, true)).toThrow(/bad message length/);
    expect(() => nextFrame(Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]), false)).toThrow(/startup/);
  });

  it('reads the ReadyForQuery status at the end of a response', () => {
    expect(readyStatus(Buffer.from([0x43, 0x5a, 0, 0, 0, 5, 0x49]))).toBe('I');
    expect(readyStatus(Buffer.from([0x5a, 0, 0, 0, 5, 0x54]))).toBe('T');
    expect(readyStatus(Buffer.from([0x44, 0, 0, 0, 5, 0x49]))).toBeNull();
  });
});
