/**
 * Draft edits of the model (regions, instances, codes, rules, key types), each audited and
 * guarded by the draft revision. Caller edits live in caller-service.ts (secrets).
 */
import type { TConfigSnapshot, TEncodingRule, TInstance, TKeyType, TRegion, TStorageCode } from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { applyDataUser, keepDataUser, newDataUser } from './data-user-service.ts';
import { editDraft, readDraft } from './draft-service.ts';
import { instancesHealth } from './instance-health.ts';
import { edits } from './model-edits.ts';
import { SECRET_MARKER } from './secret-redaction.ts';

interface Base {
  expectedRevision: number;
  reason?: string | undefined;
}

const change = (input: Base, action: string, target: string | number) => ({
  expectedRevision: input.expectedRevision,
  reason: input.reason,
  action,
  target: String(target),
});

export const upsertRegion = (db: Db, actor: Actor, input: Base & { region: TRegion }) =>
  editDraft(db, actor, change(input, 'regions.upsert', input.region.name), (s) => edits.upsertRegion(s, input.region));
export const removeRegion = (db: Db, actor: Actor, input: Base & { name: string }) =>
  editDraft(db, actor, change(input, 'regions.remove', input.name), (s) => edits.removeRegion(s, input.name));

/**
 * Views show an instance password as SECRET_MARKER, and the edit form sends back what it
 * loaded: the marker means "keep the current password" (a new instance has none to keep).
 */
function keepPassword(s: TConfigSnapshot, instance: TInstance): TInstance {
  if (instance.password !== SECRET_MARKER) return instance;
  const current = s.instances.find((i) => i.name === instance.name)?.password;
  if (current === undefined)
    throw apiError('INVALID_INPUT', `instance '${instance.name}' has no password to keep; type the password`);
  return { ...instance, password: current };
}

/**
 * Adds or replaces an instance, keeping its managed data user, and (issue 14) creates or
 * re-applies that user on the servers with the admin credentials. An unreachable instance is
 * still saved: without a data user the proxy refuses scripts there, and the health view says so.
 */
export async function upsertInstance(db: Db, actor: Actor, input: Base & { instance: TInstance }, timeoutMs: number) {
  const draft = await readDraft(db);
  const kept = keepDataUser(draft.snapshot, keepPassword(draft.snapshot, input.instance));
  const user = kept.dataUser ?? newDataUser();
  let instance = kept;
  let dataUser: { provisioned: boolean; message: string };
  try {
    const unsaved = await applyDataUser(kept, user, timeoutMs);
    instance = { ...kept, dataUser: user };
    const note =
      unsaved.length > 0
        ? ` (not persisted on ${unsaved.join(', ')}: no aclfile or config file; a restart loses it)`
        : '';
    dataUser = { provisioned: true, message: `managed data user '${user.username}' is in place${note}` };
  } catch (error) {
    dataUser = { provisioned: false, message: `managed data user not provisioned: ${(error as Error).message}` };
  }
  const { revision } = await editDraft(db, actor, change(input, 'instances.upsert', instance.name), (s) =>
    edits.upsertInstance(s, instance),
  );
  return { revision, dataUser };
}

/** (Re)creates the managed data user of one draft instance; an unreachable instance is an error. */
export async function provisionInstanceDataUser(
  db: Db,
  actor: Actor,
  input: Base & { name: string },
  timeoutMs: number,
) {
  const draft = await readDraft(db);
  const instance = draft.snapshot.instances.find((i) => i.name === input.name);
  if (instance === undefined) throw apiError('NOT_FOUND', `no instance '${input.name}' in the draft`);
  const user = instance.dataUser ?? newDataUser();
  try {
    await applyDataUser(instance, user, timeoutMs);
  } catch (error) {
    throw apiError(
      'REDIS_UNREACHABLE',
      `could not create the managed data user on '${input.name}': ${(error as Error).message}`,
    );
  }
  return editDraft(db, actor, change(input, 'instances.provisionDataUser', input.name), (s) =>
    edits.upsertInstance(s, { ...instance, dataUser: user }),
  );
}
export const removeInstance = (db: Db, actor: Actor, input: Base & { name: string }) =>
  editDraft(db, actor, change(input, 'instances.remove', input.name), (s) => edits.removeInstance(s, input.name));

export const upsertCode = (db: Db, actor: Actor, input: Base & { code: TStorageCode }) =>
  editDraft(db, actor, change(input, 'codes.upsert', input.code.code), (s) => edits.upsertCode(s, input.code));
export const removeCode = (db: Db, actor: Actor, input: Base & { code: number }) =>
  editDraft(db, actor, change(input, 'codes.remove', input.code), (s) => edits.removeCode(s, input.code));
export const setDeployed = (db: Db, actor: Actor, input: Base & { deployedCodes: number[]; bottom: number }) =>
  editDraft(db, actor, change(input, 'codes.setDeployed', input.deployedCodes.join(',')), (s) =>
    edits.setDeployed(s, input.deployedCodes, input.bottom),
  );

export const setEncodingRules = (db: Db, actor: Actor, input: Base & { rules: TEncodingRule[] }) =>
  editDraft(db, actor, change(input, 'encodingRules.set', `${input.rules.length} rules`), (s) =>
    edits.setEncodingRules(s, input.rules),
  );

export const upsertKeyType = (db: Db, actor: Actor, input: Base & { keyType: TKeyType }) =>
  editDraft(db, actor, change(input, 'keyTypes.upsert', input.keyType.name), (s) =>
    edits.upsertKeyType(s, input.keyType),
  );
export const removeKeyType = (db: Db, actor: Actor, input: Base & { name: string }) =>
  editDraft(db, actor, change(input, 'keyTypes.remove', input.name), (s) => edits.removeKeyType(s, input.name));
export const reorderKeyTypes = (db: Db, actor: Actor, input: Base & { order: string[] }) =>
  editDraft(db, actor, change(input, 'keyTypes.reorder', input.order.join(',')), (s) =>
    edits.reorderKeyTypes(s, input.order),
  );

/** Health and replication of the draft's instances (what the instances page lists). */
export async function draftInstancesHealth(db: Db, timeoutMs: number) {
  const draft = await readDraft(db);
  return instancesHealth(draft.snapshot, timeoutMs);
}
