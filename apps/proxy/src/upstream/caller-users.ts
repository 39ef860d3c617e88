/**
 * Per-caller script users (issue 14). A caller restricted to key types with literal prefixes
 * runs its scripts on a backend as its own ACL user whose key patterns are those prefixes
 * (`~stable_*`), so `redis.call('GET', 'key:secret')` inside a script is refused by Redis even
 * though the script declared only `stable_...` keys. Every worker derives the same password
 * (HMAC of the instance's data-user password, the caller and its patterns) and applies the
 * same `ACL SETUSER` with the instance's admin credentials before first use; the user is
 * re-applied whenever the caller's key types change (a new password, a new pool).
 */
import { createHmac } from 'node:crypto';
import { callerKeyPatterns, callerUserName, dataUserAclRules, type CompiledCaller, type CompiledConfig, type TInstance } from '@switchyard/core';
import * as resp from '../resp/encode.ts';
import { RawConnection } from './raw-connection.ts';

export interface CallerScope {
  readonly username: string;
  readonly patterns: readonly string[];
}

const scopes = new WeakMap<CompiledConfig, Map<string, CallerScope | null>>();

/** The caller's script scope in this config, or null when its scripts run as the shared data user. */
export function scopeOf(cfg: CompiledConfig, caller: CompiledCaller): CallerScope | null {
  let byCaller = scopes.get(cfg);
  if (byCaller === undefined) {
    byCaller = new Map();
    scopes.set(cfg, byCaller);
  }
  let scope = byCaller.get(caller.name);
  if (scope === undefined) {
    const patterns = callerKeyPatterns(cfg.snapshot.keyTypes, caller.keyTypes);
    scope = patterns === null ? null : Object.freeze({ username: callerUserName(caller.name), patterns });
    byCaller.set(caller.name, scope);
  }
  return scope;
}

/** The caller user's password on this instance; empty when the instance has no data user. */
export function scopePassword(instance: TInstance, scope: CallerScope): string {
  if (instance.dataUser === undefined) return '';
  return createHmac('sha256', instance.dataUser.password).update(`${scope.username}\n${scope.patterns.join('\n')}`).digest('base64url');
}

/** `ACL SETUSER` of the caller user on one server, as the instance's admin (`password`, the default user). */
export function applyScope(instance: TInstance, host: string, port: number, scope: CallerScope, timeoutMs: number): Promise<void> {
  const rules = dataUserAclRules(`>${scopePassword(instance, scope)}`, scope.patterns);
  const conn = new RawConnection({ host, port, password: instance.password, timeoutMs, connectTimeoutMs: timeoutMs });
  return new Promise((resolve, reject) => {
    conn.send(resp.command(['ACL', 'SETUSER', scope.username, ...rules]), (buf, start, end, failure) => {
      conn.close();
      if (buf === null) return reject(new Error(failure ?? 'no reply'));
      if (buf[start] === 0x2d) return reject(new Error(buf.toString('utf8', start + 1, end).trim()));
      resolve();
    });
  });
}
