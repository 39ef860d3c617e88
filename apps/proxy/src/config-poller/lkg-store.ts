/**
 * Last-known-good config on disk, so a worker restarted while the console is down still
 * serves. Written atomically (temp file + rename): a crash mid-write leaves the old file.
 * It holds caller secret hashes, so the file is 0600 and a directory we create 0700
 * (issue 14 #13), whatever the umask.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TPublishedConfig } from '@switchyard/core';
import { activate, type ActiveConfig } from './active-config.ts';

export class LkgStore {
  constructor(readonly file: string) {}

  async save(published: TPublishedConfig): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    // `mode` applies only when the file is created, and through the umask: chmod makes it exact.
    await writeFile(tmp, JSON.stringify(published), { mode: 0o600 });
    await chmod(tmp, 0o600);
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
