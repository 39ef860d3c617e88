import type { NextConfig } from 'next';

/**
 * The console is started with `next start -p <port>` by the stack orchestrator, so the
 * default output is kept (no standalone bundle to copy around).
 */
const config: NextConfig = {
  // Internal packages export their `.ts` sources ("just-in-time" packages); Next compiles them.
  transpilePackages: ['@switchyard/core', '@switchyard/api', '@switchyard/db'],
  // Database drivers stay as plain Node requires on the server instead of being bundled.
  serverExternalPackages: [
    '@prisma/client',
    '@prisma/adapter-pg',
    '@prisma/driver-adapter-utils',
    '@prisma/schema-engine-wasm',
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    'pg',
    'ioredis',
  ],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
