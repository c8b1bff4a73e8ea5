import { defineConfig } from "drizzle-kit";

/**
 * Postgres (Neon) migrations are generated from the pg schema, in step with the D1 ones (see
 * `migrations/README.md`): `npx drizzle-kit generate --config drizzle.pg.config.ts --name <what_it_does>`.
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./workers/db/schema.pg.ts",
  out: "./migrations/pg",
});
