import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/.next/**', 'e2e/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{apps,packages}/*/src/**/*.test.ts',
            '{apps,packages}/*/test/**/*.test.ts',
            'test/redis-suite/**/*.test.ts',
            'test/*.test.ts',
          ],
          exclude: [...exclude, '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            '{apps,packages}/*/src/**/*.int.test.ts',
            '{apps,packages}/*/test/**/*.int.test.ts',
            'test/**/*.int.test.ts',
          ],
          exclude,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Two cores: each file starts its own redis-server/Postgres processes.
          maxWorkers: 2,
          // Vitest runs projects with different maxWorkers in separate groups.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
