import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLines, type Line } from './read-lines.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sy-lines-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function collect(file: string, from: number, chunk: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of readLines(file, from, chunk)) out.push(line);
  return out;
}

describe('readLines', () => {
  it('gives each line with the byte offset past it, for every chunk size', async () => {
    const file = path.join(dir, 'a.txt');
    const text = '12\n\n345\r\nü9\n6789';
    await writeFile(file, text);
    const expected = [
      { text: '12', end: 3 },
      { text: '', end: 4 },
      { text: '345\r', end: 9 },
      { text: 'ü9', end: 13 },
      { text: '6789', end: 17 },
    ];
    for (let chunk = 1; chunk <= 20; chunk++) expect(await collect(file, 0, chunk)).toEqual(expected);
  });

  it('resumes from any line end with the same remaining lines', async () => {
    const file = path.join(dir, 'b.txt');
    await writeFile(file, Array.from({ length: 50 }, (_, i) => String(i * 7919)).join('\n') + '\n');
    const all = await collect(file, 0, 16);
    for (const [i, line] of all.entries()) expect(await collect(file, line.end, 7)).toEqual(all.slice(i + 1));
  });

  it('yields nothing for an empty file', async () => {
    const file = path.join(dir, 'c.txt');
    await writeFile(file, '');
    expect(await collect(file, 0, 8)).toEqual([]);
  });
});
