/** The instance form's text fields and their conversion to and from an instance (kept pure so it is unit-tested). */
import type { TInstance } from '@switchyard/core';
import { formatHostPorts, parseHostPorts } from './host-ports.ts';

export interface InstanceValues {
  name: string;
  region: string;
  kind: string;
  addresses: string;
  password: string;
  replicas: string;
  /** Ops/s the instance can serve (issue 18): previews compare moved traffic with it; empty = not sized. */
  opsCapacity: string;
}

export const EMPTY_INSTANCE: InstanceValues = {
  name: '',
  region: '',
  kind: 'standalone',
  addresses: '',
  password: '',
  replicas: '',
  opsCapacity: '',
};

export function fromInstance(instance: TInstance): InstanceValues {
  return {
    name: instance.name,
    region: instance.region,
    kind: instance.kind,
    addresses: formatHostPorts(instance.addresses),
    password: instance.password ?? '',
    replicas: formatHostPorts(instance.replicas),
    opsCapacity: instance.opsCapacity === undefined ? '' : String(instance.opsCapacity),
  };
}

/** The candidate the core schema validates: an empty optional field is left out (the upsert then removes it). */
export function toCandidate(values: InstanceValues): Record<string, unknown> {
  return {
    name: values.name.trim(),
    region: values.region,
    kind: values.kind,
    addresses: parseHostPorts(values.addresses),
    replicas: parseHostPorts(values.replicas),
    ...(values.password ? { password: values.password } : {}),
    ...(values.opsCapacity.trim() === '' ? {} : { opsCapacity: Number(values.opsCapacity) }),
  };
}
