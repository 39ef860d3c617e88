/**
 * The embedded Postgres's files are for its owner only (issue 14 #12). PGlite creates its
 * files 0666 whatever the umask, so the data directory is made 0700 (nobody else can reach
 * anything inside, including files PGlite creates later) and, at start and stop, every file
 * in it 0600 and every directory 0700. The password file is 0600 in a 0700 directory.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Directories 0700 and files 0600, all the way down. */
export function tightenTree(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tightenTree(full);
    else if (entry.isFile()) chmodSync(full, 0o600);
  }
}

export const newDatabasePassword = (): string => randomBytes(24).toString('base64url');

/** The password stored in `file`; created (random, 0600) on first use. */
export function loadOrCreatePasswordFile(file: string): string {
  makePrivateDir(path.dirname(file));
  if (!existsSync(file)) writeFileSync(file, `${newDatabasePassword()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (!password) throw new Error(`${file} is empty; delete it to generate a new database password`);
  return password;
}
