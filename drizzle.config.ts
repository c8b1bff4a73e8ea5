import { defineConfig } from "drizzle-kit";

/** D1 migrations are generated from the sqlite schema: `npx drizzle-kit generate --name <what_it_does>`. */
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/db/schema.sqlite.ts",
  out: "./migrations/d1",
});
