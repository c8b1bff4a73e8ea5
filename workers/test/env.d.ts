declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Superuser URL of the throwaway PostgreSQL started by `scripts/test-postgres.global.ts`. */
    PG_TEST_URL: string;
    /** `host:port` of the WebSocket-to-TCP proxy the Neon driver uses to reach it. */
    NEON_LOCAL_PROXY: string;
  }
}
