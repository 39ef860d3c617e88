/** The demo snapshot for tests: real ports where given, port 1 (nothing listens) elsewhere. */
import { demoSnapshot, ZConfigSnapshot, type TConfigSnapshot } from '@switchyard/core';

export function demoFixtureSnapshot(ports: Record<string, number> = {}): TConfigSnapshot {
  const all = new Proxy(ports, { get: (target, name) => (typeof name === 'string' ? (target[name] ?? 1) : undefined) });
  return ZConfigSnapshot.parse(
    demoSnapshot({ host: '127.0.0.1', ports: all }, 'scrypt$1024$8$1$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=='),
  );
}
