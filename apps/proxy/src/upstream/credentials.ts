/** Which credentials the proxy's backend connections use. */
import type { TInstance } from '@switchyard/core';
import type { RawConnectionOptions } from './raw-connection.ts';

/**
 * Issue 14: client commands reach a backend as the instance's managed ACL user when it has one
 * (Redis then enforces its rules inside scripts too), else with the instance password.
 */
export function dataCredentials(instance: TInstance): { username: string | undefined; password: string | undefined } {
  if (instance.dataUser !== undefined)
    return { username: instance.dataUser.username, password: instance.dataUser.password };
  return { username: undefined, password: instance.password };
}

/** The limits a pool sets on each of its backend connections. */
export type ConnectionLimits = Pick<
  RawConnectionOptions,
  'timeoutMs' | 'connectTimeoutMs' | 'maxReplyBytes' | 'onReplyCut' | 'protocol'
>;

/** A backend connection to address `a` of `instance`: its data credentials plus the pool's limits. */
export function dataConnectionOptions(
  instance: TInstance,
  a: { host: string; port: number },
  limits: ConnectionLimits,
): RawConnectionOptions {
  const { timeoutMs, connectTimeoutMs, maxReplyBytes, onReplyCut, protocol } = limits;
  return {
    host: a.host,
    port: a.port,
    ...dataCredentials(instance),
    timeoutMs,
    connectTimeoutMs,
    maxReplyBytes,
    onReplyCut,
    protocol,
  };
}
