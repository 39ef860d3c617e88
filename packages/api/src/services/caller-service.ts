/**
 * Proxy callers in the draft. The secret is generated here, returned once, and only its
 * scrypt hash enters the snapshot (and so every published version).
 */
import { randomBytes } from 'node:crypto';
import { hashSecret } from '@switchyard/db/secret-hash';
import type { TCaller } from '@switchyard/core';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { editDraft } from './draft-service.ts';
import { edits } from './model-edits.ts';

interface Base {
  expectedRevision: number;
  reason?: string | undefined;
}

type CallerFields = Omit<TCaller, 'secretHash'>;

const newSecret = (): string => randomBytes(24).toString('base64url');
const change = (input: Base, action: string, target: string) => ({
  expectedRevision: input.expectedRevision,
  reason: input.reason,
  action,
  target,
});

export async function createCaller(db: Db, actor: Actor, input: Base & { caller: CallerFields }) {
  const secret = newSecret();
  const secretHash = await hashSecret(secret);
  const { revision } = await editDraft(db, actor, change(input, 'callers.create', input.caller.name), (s) =>
    edits.createCaller(s, { ...input.caller, secretHash }),
  );
  return { revision, name: input.caller.name, secret };
}

export const updateCaller = (db: Db, actor: Actor, input: Base & { caller: CallerFields }) =>
  editDraft(db, actor, change(input, 'callers.update', input.caller.name), (s) =>
    edits.updateCaller(s, { ...input.caller, secretHash: edits.findCaller(s, input.caller.name).secretHash }),
  );

export async function rotateCallerSecret(db: Db, actor: Actor, input: Base & { name: string }) {
  const secret = newSecret();
  const secretHash = await hashSecret(secret);
  const { revision } = await editDraft(db, actor, change(input, 'callers.rotateSecret', input.name), (s) =>
    edits.updateCaller(s, { ...edits.findCaller(s, input.name), secretHash }),
  );
  return { revision, name: input.name, secret };
}

export const removeCaller = (db: Db, actor: Actor, input: Base & { name: string }) =>
  editDraft(db, actor, change(input, 'callers.remove', input.name), (s) => edits.removeCaller(s, input.name));
