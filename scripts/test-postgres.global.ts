import type { TestProject } from "vitest/node";
import { startLocalPostgres } from "./local-postgres.ts";
import { type PgWsProxy, startPgWsProxy } from "./pg-ws-proxy.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgTestUrl: string;
    neonLocalProxy: string;
  }
}

/**
 * Global setup of the Worker tests: a throwaway PostgreSQL with the `cadenza_template` database
 * and the WebSocket proxy the Neon driver reaches it through from workerd. Tests clone the
 * template with `freshPostgresDatabase()` (workers/test/postgres.ts). Teardown stops the server
 * and deletes its data.
 */
export default async function setup(project: TestProject) {
  const postgres = await startLocalPostgres();
  let proxy: PgWsProxy;
  try {
    proxy = await startPgWsProxy();
  } catch (error) {
    await postgres.stop();
    throw error;
  }
  project.provide("pgTestUrl", postgres.adminUrl);
  project.provide("neonLocalProxy", `127.0.0.1:${proxy.port}`);
  return async () => {
    await proxy.close();
    await postgres.stop();
  };
}
