/**
 * Last-known-good config on disk, so a worker restarted while the console is down still
 * serves. Written atomically (temp file + rename): a crash mid-write leaves the old file.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TPublishedConfig } from '@switchyard/core';
import { activate, type ActiveConfig } from './active-config.ts';

export class LkgStore {
  constructor(readonly file: string) {}

  async save(published: TPublishedConfig): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, JSON.stringify(published));
    await rename(tmp, this.file);
  }

  /** The stored config, validated like a polled one; null when absent or unusable. */
  async load(): Promise<ActiveConfig | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return null;
    }
    return activate(JSON.parse(text));
  }
}
