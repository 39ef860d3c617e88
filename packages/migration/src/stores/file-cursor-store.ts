/** Checkpoints as one JSON file per job, replaced atomically (write a temp file, then rename). */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCheckpoint, type BackfillCheckpoint, type CursorStore } from './cursor-store.ts';

export class FileCursorStore implements CursorStore {
  constructor(private readonly dir: string) {}

  private file(jobId: string): string {
    return path.join(this.dir, `${encodeURIComponent(jobId)}.json`);
  }

  async load(jobId: string): Promise<BackfillCheckpoint | null> {
    const file = this.file(jobId);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    return parseCheckpoint(JSON.parse(text), file);
  }

  async save(jobId: string, checkpoint: BackfillCheckpoint): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.file(jobId);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(checkpoint));
    await rename(tmp, file);
  }

  async clear(jobId: string): Promise<void> {
    await rm(this.file(jobId), { force: true });
  }
}
