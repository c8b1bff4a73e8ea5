import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * Two projects in one run:
 * - `workers`: tests beside the Worker code, executed inside workerd with real D1/R2/Queues/DOs.
 * - `node`: the transcoder, scripts and the end-to-end suite (real wrangler dev + ffmpeg).
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
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
