import { defineConfig } from 'drizzle-kit'

/** PostgreSQL's migrations, beside SQLite's (drizzle.config.ts): `npm run db:generate` writes both. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/src/db/pg/schema.ts',
  out: './server/drizzle-pg',
})
