/** @switchyard/migrator: the reconciler/migrator worker, in-process for tests. */
export { jobFor, startMigrator, type Migrator, type MigratorOptions } from './migrator.ts';
export { PgCursorStore, saveReconRun } from './pg-stores.ts';
export { readEnv, ZMigratorEnv, type TMigratorEnv } from './env.ts';
