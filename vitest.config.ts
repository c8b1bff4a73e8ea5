import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * Three projects in one run:
 * - `workers`: tests beside the Worker code, executed inside workerd with real D1/R2/Queues/DOs.
 * - `node`: the transcoder, scripts and the end-to-end suite (real wrangler dev + ffmpeg).
 * - `browser`: the web player in Debian's Chromium (playwright-core) against one shared stack
 *   seeded with the demo catalog; one file at a time (one Chromium on a small machine).
 */
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async ({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                TEST_MIGRATIONS: await readD1Migrations("./migrations/d1"),
                // Small enough that the oversized-upload test stays cheap.
                MAX_UPLOAD_BYTES: "2097152",
                // A closed tab's grace period, short enough to test.
                PLAYER_DISCONNECT_GRACE_SECONDS: "1",
                // A real transcoder process, started by the global setup below.
                TRANSCODER_URL: inject("transcoderUrl"),
                // A throwaway PostgreSQL and the WebSocket proxy the Neon driver reaches it by.
                PG_TEST_URL: inject("pgTestUrl"),
                NEON_LOCAL_PROXY: inject("neonLocalProxy"),
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["workers/**/*.test.ts", "durable-objects/**/*.test.ts"],
          setupFiles: ["./workers/test/apply-migrations.ts"],
          globalSetup: ["./scripts/test-transcoder.global.ts", "./scripts/test-postgres.global.ts"],
        },
      },
      {
        test: {
          name: "node",
          include: ["transcoder/**/*.test.ts", "scripts/**/*.test.ts", "e2e/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "e2e/browser/**"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "browser",
          include: ["e2e/browser/**/*.test.ts"],
          environment: "node",
          globalSetup: ["./e2e/browser/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
