import { describe, expect, it } from 'vitest';
import { parseIntegerReply, rawScriptRunner } from './raw-script-runner.ts';

describe('parseIntegerReply', () => {
  it('reads integers, including -1', () => {
    expect(parseIntegerReply(Buffer.from(':1\r\n'))).toBe(1);
    expect(parseIntegerReply(Buffer.from(':-1\r\n'))).toBe(-1);
    expect(parseIntegerReply(Buffer.from(':0\r\n'))).toBe(0);
  });

  it('rejects error replies with their text, so NOSCRIPT is recognisable', () => {
    expect(() => parseIntegerReply(Buffer.from('-NOSCRIPT No matching script. Please use EVAL.\r\n'))).toThrow(
      /^NOSCRIPT No matching/,
    );
  });

  it('rejects anything else', () => {
    expect(() => parseIntegerReply(Buffer.from('$1\r\n1\r\n'))).toThrow(/expected an integer reply/);
    expect(() => parseIntegerReply(Buffer.from(':x\r\n'))).toThrow(/expected an integer reply/);
  });
});

describe('rawScriptRunner', () => {
  it('sends EVALSHA/EVAL argv as buffers, binary values intact', async () => {
    const sent: Buffer[][] = [];
    const runner = rawScriptRunner(async (args) => {
      sent.push(args);
      return Buffer.from(':1\r\n');
    });
    const value = Buffer.from([0, 0, 0, 0, 0, 0, 0, 1, 0xff]);
    expect(await runner.evalsha('abc', 2, 'k1', 'k2', value)).toBe(1);
    expect(sent[0]!.map((b) => b.toString('latin1'))).toEqual([
      'EVALSHA',
      'abc',
      '2',
      'k1',
      'k2',
      value.toString('latin1'),
    ]);
    expect(sent[0]![5]).toEqual(value);
  });
});
