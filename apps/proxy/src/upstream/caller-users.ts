/**
 * Per-caller script users (issue 14). A restricted caller runs its scripts on a backend as its
 * own ACL user: key patterns from its key types' literal prefixes (`~stable_*`), so
 * `redis.call('GET', 'key:secret')` inside a script is refused by Redis even though the script
 * declared only `stable_...` keys; and, unless its command list is `*`, only its granted
 * commands, so `redis.call('DEL', ...)` is refused to a caller granted GET/SET/EVAL. Every
 * worker derives the same password (HMAC of the instance's data-user password, the caller and
 * its rules) and applies the same `ACL SETUSER` with the instance's admin credentials before
 * first use; a change of the caller's grants gives a new password and a new pool.
 */
import { perConfigAndCaller } from '../routing/per-config.ts';
import { createHmac } from 'node:crypto';
import {
  callerAclRules,
  callerKeyPatterns,
  callerUserName,
  dataUserAclRules,
  type CompiledCaller,
  type TInstance,
} from '@switchyard/core';
import { commandSpec } from '../routing/command-table.ts';
import * as resp from '../resp/encode.ts';
import { RawConnection } from './raw-connection.ts';

export interface CallerScope {
  readonly username: string;
  readonly patterns: readonly string[];
  /** Granted Redis commands (upper-case), or null for `*`. */
  readonly commands: readonly string[] | null;
}

/** The caller's script scope in this config, or null when its scripts run as the shared data user. */
export const scopeOf = perConfigAndCaller((cfg, caller: CompiledCaller): CallerScope | null => {
  const patterns = callerKeyPatterns(cfg.snapshot.keyTypes, caller.keyTypes);
  const commands = caller.commands === null ? null : redisCommands(caller.granted);
  const contained = patterns !== null || commands !== null;
  return contained
    ? Object.freeze({ username: callerUserName(caller.name), patterns: patterns ?? ['~*'], commands })
    : null;
});

/** The granted names Redis knows (the proxy's own, like SY.NEWID, would make ACL SETUSER fail). */
function redisCommands(granted: ReadonlySet<string>): string[] {
  return [...granted].filter((c) => commandSpec(c) !== undefined && !c.startsWith('SY.')).sort();
}

/** The caller user's password on this instance; empty when the instance has no data user. */
export function scopePassword(instance: TInstance, scope: CallerScope): string {
  if (instance.dataUser === undefined) return '';
  const rules = `${scope.username}\n${scope.patterns.join('\n')}\n${scope.commands?.join(' ') ?? '*'}`;
  return createHmac('sha256', instance.dataUser.password).update(rules).digest('base64url');
}

/** `ACL SETUSER` of the caller user on one server, as the instance's admin (`password`, the default user). */
export function applyScope(
  instance: TInstance,
  host: string,
  port: number,
  scope: CallerScope,
  timeoutMs: number,
): Promise<void> {
  const rules = callerAclRules(`>${scopePassword(instance, scope)}`, scope.patterns, scope.commands);
  return applyAclUser(instance, host, port, scope.username, rules, timeoutMs);
}

/**
 * Re-creates the instance's managed data user on one server that refused it (a restart without
 * a saved ACL, an ACL DELUSER): the same rules the console and the demo apply, with the
 * configured password, as the instance's admin.
 */
export function healDataUser(instance: TInstance, host: string, port: number, timeoutMs: number): Promise<void> {
  const user = instance.dataUser;
  if (user === undefined) return Promise.resolve();
  return applyAclUser(instance, host, port, user.username, dataUserAclRules(`>${user.password}`), timeoutMs);
}

function applyAclUser(
  instance: TInstance,
  host: string,
  port: number,
  username: string,
  rules: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const conn = new RawConnection({ host, port, password: instance.password, timeoutMs, connectTimeoutMs: timeoutMs });
  return new Promise((resolve, reject) => {
    conn.send(resp.command(['ACL', 'SETUSER', username, ...rules]), (buf, start, end, failure) => {
      conn.close();
      if (buf === null) return reject(new Error(failure ?? 'no reply'));
      if (buf[start] === 0x2d) return reject(new Error(buf.toString('utf8', start + 1, end).trim()));
      resolve();
    });
  });
}
