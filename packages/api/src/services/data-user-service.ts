/**
 * The managed data user of each instance (issue 14): the Redis ACL user the proxy's data
 * connections authenticate as. Redis applies its rules inside scripts too, so a script cannot
 * run FLUSHALL, KEYS, CONFIG or REPLICAOF. The console creates it with the admin credentials
 * (`ACL SETUSER`) and checks it, with `sanitize-dump-payload`, for the instance health view.
 */
import { randomBytes } from 'node:crypto';
import {
  DATA_USER_NAME,
  dataUserAclRules,
  type TConfigSnapshot,
  type TDataUser,
  type THostPort,
  type TInstance,
} from '@switchyard/core';
import { withRedis } from './redis-admin.ts';
import { SECRET_MARKER } from './secret-redaction.ts';

export type DataUserState = 'ok' | 'not-configured' | 'missing' | 'wrong-password' | 'too-broad' | 'unknown';

export interface DataPlaneSecurity {
  dataUser: DataUserState;
  /** The server's `sanitize-dump-payload`; null when it could not be read. */
  sanitizeDumpPayload: string | null;
  /** What an operator should fix, in words. */
  warnings: string[];
}

export function newDataUser(): TDataUser {
  return { username: DATA_USER_NAME, password: randomBytes(24).toString('base64url') };
}

/** Every server the proxy may reach for this instance: the primary (or cluster seeds) and its replicas. */
function serversOf(instance: TInstance): THostPort[] {
  return instance.kind === 'standalone' ? [instance.addresses[0]!, ...instance.replicas] : [...instance.addresses];
}

/**
 * `ACL SETUSER` on every server of the instance (ACL users are per server, never replicated),
 * then persisted where the server can: `ACL SAVE` with an aclfile, else `CONFIG REWRITE` with a
 * config file. Returns the servers where neither worked: a restart there loses the user (the
 * health view then says `missing`; provisioning again restores it).
 */
export async function applyDataUser(instance: TInstance, user: TDataUser, timeoutMs: number): Promise<string[]> {
  const rules = dataUserAclRules(`>${user.password}`);
  const unsaved: string[] = [];
  for (const address of serversOf(instance)) {
    await withRedis(
      instance,
      timeoutMs,
      async (redis) => {
        await redis.call('ACL', 'SETUSER', user.username, ...rules);
        const saved = await redis.call('ACL', 'SAVE').then(
          () => true,
          () =>
            redis.call('CONFIG', 'REWRITE').then(
              () => true,
              () => false,
            ),
        );
        if (!saved) unsaved.push(`${address.host}:${address.port}`);
      },
      address,
    );
  }
  return unsaved;
}

/** Whether `user` exists, authenticates, and cannot run FLUSHALL (ACL DRYRUN, Redis 7). */
async function checkDataUser(instance: TInstance, user: TDataUser, timeoutMs: number): Promise<DataUserState> {
  return withRedis(instance, timeoutMs, async (redis) => {
    let dryRun: unknown;
    try {
      dryRun = await redis.call('ACL', 'DRYRUN', user.username, 'FLUSHALL');
    } catch (error) {
      if (/no such user|not found/i.test((error as Error).message)) return 'missing';
      throw error;
    }
    if (dryRun === 'OK') return 'too-broad';
    try {
      // Last on this short-lived connection: it switches the connection to the data user.
      await redis.call('AUTH', user.username, user.password);
    } catch {
      return 'wrong-password';
    }
    return 'ok';
  });
}

const USER_WARNINGS: Record<Exclude<DataUserState, 'ok' | 'unknown'>, string> = {
  'not-configured':
    'no managed data user: scripts are refused on this instance; provision it (Instances page or instances.provisionDataUser)',
  missing: 'the managed data user does not exist on the server (restarted without it?); provision it again',
  'wrong-password': 'the managed data user does not accept the configured password; provision it again',
  'too-broad': 'the managed data user may run FLUSHALL: its ACL rules were changed; provision it again',
};

export async function probeDataPlaneSecurity(instance: TInstance, timeoutMs: number): Promise<DataPlaneSecurity> {
  const warnings: string[] = [];
  let sanitize: string | null = null;
  try {
    const reply = (await withRedis(instance, timeoutMs, (redis) =>
      redis.call('CONFIG', 'GET', 'sanitize-dump-payload'),
    )) as string[];
    sanitize = reply[1] ?? null;
  } catch {
    return { dataUser: 'unknown', sanitizeDumpPayload: null, warnings };
  }
  if (sanitize !== 'yes')
    warnings.push(
      `sanitize-dump-payload is '${sanitize ?? '?'}': a crafted RESTORE payload can crash this instance; set it to yes`,
    );
  let dataUser: DataUserState = 'not-configured';
  if (instance.dataUser !== undefined)
    dataUser = await checkDataUser(instance, instance.dataUser, timeoutMs).catch((): DataUserState => 'unknown');
  if (dataUser !== 'ok' && dataUser !== 'unknown') warnings.push(USER_WARNINGS[dataUser]);
  return { dataUser, sanitizeDumpPayload: sanitize, warnings };
}

/**
 * Keeps the draft's data user when an edit omits it, or sends back the redacted view's
 * SECRET_MARKER as its password (the console never sees the password).
 */
export function keepDataUser(snapshot: TConfigSnapshot, instance: TInstance): TInstance {
  if (instance.dataUser !== undefined && instance.dataUser.password !== SECRET_MARKER) return instance;
  const existing = snapshot.instances.find((i) => i.name === instance.name)?.dataUser;
  if (existing === undefined) {
    const { dataUser: _redacted, ...rest } = instance;
    return rest;
  }
  return { ...instance, dataUser: existing };
}
