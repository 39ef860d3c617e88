/** Which credentials the proxy's backend connections use. */
import type { TInstance } from '@switchyard/core';

/**
 * Issue 14: client commands reach a backend as the instance's managed ACL user when it has one
 * (Redis then enforces its rules inside scripts too), else with the instance password.
 */
export function dataCredentials(instance: TInstance): { username: string | undefined; password: string | undefined } {
  if (instance.dataUser !== undefined)
    return { username: instance.dataUser.username, password: instance.dataUser.password };
  return { username: undefined, password: instance.password };
}
