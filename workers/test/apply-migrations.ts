import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";

// Runs before each test file: the catalog schema exactly as the committed migrations build it.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
