/**
 * Issue 14: the redis-server arguments that keep a backend safe from its clients, shared by the
 * test harness and the demo stack so tests exercise what the demo runs.
 */
import { createHash } from 'node:crypto';
import { dataUserAclRules, type TDataUser } from '@switchyard/core';

/** Redis's default is 5000 ms; shorter, so a runaway script is answered BUSY and killable sooner. */
export const BUSY_REPLY_THRESHOLD_MS = 1000;

/**
 * `--user <name> <rules...>` for the managed data user. The password goes in as its SHA-256
 * (`#<hex>`), so the secret itself never appears on a command line (`ps`).
 */
export function dataUserArgs(user: TDataUser): string[] {
  const hash = createHash('sha256').update(user.password).digest('hex');
  return ['--user', user.username, ...dataUserAclRules(`#${hash}`)];
}

/**
 * Deep-checks RESTORE payloads (a corrupt listpack is refused instead of crashing the server
 * later), sets the busy-script threshold, and keeps one database: SELECT, MOVE, SWAPDB and
 * COPY ... DB n have nowhere to go, inside scripts too.
 */
export function hardeningArgs(busyReplyThresholdMs = BUSY_REPLY_THRESHOLD_MS): string[] {
  return ['--sanitize-dump-payload', 'yes', '--busy-reply-threshold', String(busyReplyThresholdMs), '--databases', '1'];
}
