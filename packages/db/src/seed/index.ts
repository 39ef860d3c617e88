export { seedDemo } from './seed-demo.ts';
export type { SeedDemoOptions, SeedDemoResult } from './seed-demo.ts';
export { ZSeedDemoInput, SEED_ACTOR, DEMO_OPERATOR_EMAIL, DEMO_VIEWER_EMAIL } from './seed-input.ts';
export type { TSeedDemoInput, TSeedUser } from './seed-input.ts';
export { mergeSeedInto } from './seed-config.ts';
