/**
 * @switchyard/db: the Prisma client factory and the hashing helpers the console needs.
 * Migrations (`./migrate`), the embedded server (`./embedded`), the seed (`./seed`) and test
 * databases (`./testing`) are separate subpaths so importing this never loads them.
 */
export { createDb, PrismaClient } from './client.ts';
export type { CreateDbOptions, Db } from './client.ts';
export * from './crypto/index.ts';
export type * from './types.ts';
export { Role } from './generated/prisma/enums.ts';
