/**
 * Pure edits of the draft snapshot, one per model operation. Each returns a new snapshot or
 * throws an ApiError the UI can show next to the form; cross-field consistency is left to
 * validateSnapshot, whose problems the draft view lists before publishing.
 */
import type {
  TCaller,
  TConfigSnapshot,
  TEncodingRule,
  TInstance,
  TKeyType,
  TRegion,
  TStorageCode,
} from '@switchyard/core';
import { apiError } from '../errors.ts';

type Keyed<T> = {
  list: (s: TConfigSnapshot) => T[];
  set: (s: TConfigSnapshot, items: T[]) => TConfigSnapshot;
  id: (t: T) => string | number;
  what: string;
};

function upsert<T>(k: Keyed<T>, s: TConfigSnapshot, item: T, mode: 'create' | 'upsert' | 'update'): TConfigSnapshot {
  const items = k.list(s);
  const index = items.findIndex((i) => k.id(i) === k.id(item));
  if (index >= 0 && mode === 'create') throw apiError('ALREADY_EXISTS', `${k.what} '${k.id(item)}' already exists`);
  if (index < 0 && mode === 'update') throw apiError('NOT_FOUND', `no ${k.what} '${k.id(item)}'`);
  return k.set(s, index >= 0 ? items.map((i, n) => (n === index ? item : i)) : [...items, item]);
}

function remove<T>(k: Keyed<T>, s: TConfigSnapshot, id: string | number): TConfigSnapshot {
  const items = k.list(s);
  if (!items.some((i) => k.id(i) === id)) throw apiError('NOT_FOUND', `no ${k.what} '${id}'`);
  return k.set(
    s,
    items.filter((i) => k.id(i) !== id),
  );
}

const regions: Keyed<TRegion> = {
  list: (s) => s.regions,
  set: (s, regions) => ({ ...s, regions }),
  id: (r) => r.name,
  what: 'region',
};
const instances: Keyed<TInstance> = {
  list: (s) => s.instances,
  set: (s, instances) => ({ ...s, instances }),
  id: (i) => i.name,
  what: 'instance',
};
const codes: Keyed<TStorageCode> = {
  list: (s) => s.codes,
  set: (s, codes) => ({ ...s, codes }),
  id: (c) => c.code,
  what: 'storage code',
};
const keyTypes: Keyed<TKeyType> = {
  list: (s) => s.keyTypes,
  set: (s, keyTypes) => ({ ...s, keyTypes }),
  id: (k) => k.name,
  what: 'key type',
};
const callers: Keyed<TCaller> = {
  list: (s) => s.callers,
  set: (s, callers) => ({ ...s, callers }),
  id: (c) => c.name,
  what: 'caller',
};

function refuseIfUsed(what: string, users: string[]): void {
  if (users.length > 0)
    throw apiError('INVALID_INPUT', `${what} is still used by ${users.join(', ')}; change those first`);
}

export const edits = {
  upsertRegion: (s: TConfigSnapshot, r: TRegion) => upsert(regions, s, r, 'upsert'),
  removeRegion: (s: TConfigSnapshot, name: string) => {
    refuseIfUsed(`region '${name}'`, [
      ...s.instances.filter((i) => i.region === name).map((i) => `instance ${i.name}`),
      ...s.codes.filter((c) => c.homeRegion === name || name in c.instances).map((c) => `code ${c.code}`),
    ]);
    return remove(regions, s, name);
  },
  upsertInstance: (s: TConfigSnapshot, i: TInstance) => upsert(instances, s, i, 'upsert'),
  removeInstance: (s: TConfigSnapshot, name: string) => {
    refuseIfUsed(
      `instance '${name}'`,
      s.codes.filter((c) => Object.values(c.instances).includes(name)).map((c) => `code ${c.code}`),
    );
    return remove(instances, s, name);
  },
  upsertCode: (s: TConfigSnapshot, c: TStorageCode) => upsert(codes, s, c, 'upsert'),
  removeCode: (s: TConfigSnapshot, code: number) => {
    refuseIfUsed(`code ${code}`, [
      ...(s.deployedCodes.includes(code) ? ['deployedCodes'] : []),
      ...(s.bottom === code ? ['bottom'] : []),
    ]);
    return remove(codes, s, code);
  },
  setDeployed: (s: TConfigSnapshot, deployedCodes: number[], bottom: number): TConfigSnapshot => ({
    ...s,
    deployedCodes: [...new Set(deployedCodes)].sort((a, b) => a - b),
    bottom,
  }),
  setEncodingRules: (s: TConfigSnapshot, encodingRules: TEncodingRule[]): TConfigSnapshot => ({ ...s, encodingRules }),
  upsertKeyType: (s: TConfigSnapshot, k: TKeyType) => upsert(keyTypes, s, k, 'upsert'),
  removeKeyType: (s: TConfigSnapshot, name: string) => remove(keyTypes, s, name),
  /** Key types match first-to-last, so order is part of the model. */
  reorderKeyTypes: (s: TConfigSnapshot, order: string[]): TConfigSnapshot => {
    const byName = new Map(s.keyTypes.map((k) => [k.name, k]));
    if (order.length !== byName.size || !order.every((n) => byName.has(n))) {
      throw apiError(
        'INVALID_INPUT',
        `the new order must name every key type exactly once: ${[...byName.keys()].join(', ')}`,
      );
    }
    return { ...s, keyTypes: order.map((n) => byName.get(n) as TKeyType) };
  },
  createCaller: (s: TConfigSnapshot, c: TCaller) => upsert(callers, s, c, 'create'),
  updateCaller: (s: TConfigSnapshot, c: TCaller) => upsert(callers, s, c, 'update'),
  removeCaller: (s: TConfigSnapshot, name: string): TConfigSnapshot => {
    const next = remove(callers, s, name);
    // A drop rule for a removed caller would make the draft invalid; it goes with the caller.
    return {
      ...next,
      degradation: { ...next.degradation, callers: next.degradation.callers.filter((d) => d.caller !== name) },
    };
  },
  findCaller: (s: TConfigSnapshot, name: string): TCaller => {
    const caller = s.callers.find((c) => c.name === name);
    if (!caller) throw apiError('NOT_FOUND', `no caller '${name}'`);
    return caller;
  },
};
