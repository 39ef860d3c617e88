// Prisma CLI configuration (Prisma 7 reads the datasource URL here, not from schema.prisma).
// Switchyard's own scripts (`npm run db:*`) do not need this file; it keeps the stock
// `npx prisma migrate deploy` / `prisma studio` working against DATABASE_URL.
import { defineConfig } from 'prisma/config';

const url = process.env['DATABASE_URL'];

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  ...(url ? { datasource: { url } } : {}),
});
