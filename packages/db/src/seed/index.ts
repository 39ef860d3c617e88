export { seedDemo, DEMO_OPERATOR_EMAIL, DEMO_VIEWER_EMAIL } from './seed-demo.ts';
export type { SeedDemoResult } from './seed-demo.ts';
export { ZSeedDemoInput, SEED_ACTOR } from './seed-input.ts';
export type { TSeedDemoInput } from './seed-input.ts';
export { mergeSeedInto } from './seed-config.ts';
