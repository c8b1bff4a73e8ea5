import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase } from "drizzle-orm/neon-serverless";
import * as schema from "./schema.pg.ts";

/** Drizzle over a Neon `Pool`, typed with the Postgres catalog schema. */
export type NeonDb = NeonDatabase<typeof schema>;

/** The binding that points the Neon driver at a local PostgreSQL instead of Neon. */
export interface NeonEnv {
  /**
   * `host:port` of `scripts/pg-ws-proxy.ts` (a WebSocket-to-TCP proxy), e.g. `127.0.0.1:5480`.
   * Unset in production, where the driver talks to Neon's own proxy over `wss:`.
   */
  NEON_LOCAL_PROXY?: string;
}

/**
 * Points the Neon driver at the local proxy when `NEON_LOCAL_PROXY` is set: plain `ws:` (the
 * proxy is on loopback) and no pipelined connect (that shortcut assumes Neon's cleartext
 * password auth; a real PostgreSQL asks for SCRAM). Without the binding, Neon's defaults stay.
 * Idempotent; `neonConfig` is per isolate.
 */
export function configureNeon(env: NeonEnv): void {
  const proxy = env.NEON_LOCAL_PROXY;
  if (!proxy) return;
  neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineConnect = false;
}

/**
 * Runs `use` with a drizzle db over a fresh `Pool` and always ends the pool afterwards. One pool
 * per request, never at module scope: workerd ties a WebSocket to the request that opened it,
 * so a pool kept for the next request hangs that request.
 *
 * Errors of idle connections reach the pool's `error` event, which must have a listener or the
 * isolate logs an uncaught exception. workerd reports one for every connection the server
 * closes after Terminate ("Network connection lost", after a clean close), so those are
 * ignored once the pool is ending; a dropped idle connection before that is only logged, the
 * pool replaces it.
 */
export async function withNeonPool<T>(
  env: NeonEnv,
  connectionString: string,
  use: (db: NeonDb, pool: Pool) => Promise<T>,
): Promise<T> {
  configureNeon(env);
  const pool = new Pool({ connectionString });
  let ending = false;
  pool.on("error", (error: Error) => {
    if (!ending) console.warn(`neon: an idle connection failed: ${error.message}`);
  });
  try {
    return await use(drizzle({ client: pool, schema }), pool);
  } finally {
    ending = true;
    await pool.end();
  }
}
