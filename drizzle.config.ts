import { defineConfig } from 'drizzle-kit';

// Migrations are generated from every module's tables.ts, then reviewed and committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/tables.ts',
  out: './migrations',
});
