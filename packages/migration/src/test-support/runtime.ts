/** A MigrationRuntime over the test instances, scoped by the test snapshot. */
import type { TMigration } from '@switchyard/core';
import { scopeFromConfig } from '../scope/key-scope.ts';
import type { MigrationRuntime } from '../shared/runtime.ts';
import type { TestInstances } from './instances.ts';
import { migrationOf, testSnapshot } from './snapshot.ts';

export function runtimeOf(t: TestInstances, migration: TMigration = migrationOf()): MigrationRuntime {
  const snapshot = testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [migration]);
  return { migration, pair: t.pair, control: t.control, scope: scopeFromConfig(snapshot, migration) };
}

/** Repeats `step` until `done` holds, at most `max` times, pausing `pauseMs` between tries. */
export async function until<T>(
  step: () => Promise<T>,
  done: (value: T) => boolean,
  max = 200,
  pauseMs = 20,
): Promise<T> {
  let value = await step();
  for (let i = 1; i < max && !done(value); i++) {
    await new Promise((r) => setTimeout(r, pauseMs));
    value = await step();
  }
  return value;
}
