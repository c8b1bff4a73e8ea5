import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle, type NeonDatabase, type NeonQueryResultHKT } from "drizzle-orm/neon-serverless";
import type { PgDatabase } from "drizzle-orm/pg-core";

/** Drizzle over a Neon `Pool` (queries name the tables of `schema.pg.ts` themselves). */
export type NeonDb = NeonDatabase;

/**
 * Drizzle over Postgres (a Neon pool, or a transaction of one): the query modules take this, so
 * a step can run inside `db.transaction` with the same code.
 */
export type PgDb = PgDatabase<NeonQueryResultHKT>;

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
  const opened = openPool(env, connectionString);
  try {
    return await use(opened.db, opened.pool);
  } finally {
    await opened.end();
  }
}

/**
 * Connections one request may open. Each costs a WebSocket, a Postgres start-up and a backend
 * process, more than a query does: on the 100k-track benchmark a pool of 10 (the driver's
 * default, one connection per parallel read) was slower than one connection. Two keep a
 * request's parallel reads at one connection's setup time of wall clock, and a transaction
 * never waits for a connection that a read outside it holds.
 */
const POOL_CONNECTIONS = 2;

/** A pool with its error listener (see `withNeonPool`), and how to end it. */
function openPool(env: NeonEnv, connectionString: string) {
  configureNeon(env);
  const pool = new Pool({ connectionString, max: POOL_CONNECTIONS });
  let ending = false;
  pool.on("error", (error: Error) => {
    if (!ending) console.warn(`neon: an idle connection failed: ${error.message}`);
  });
  return {
    pool,
    // No `schema`: nothing uses drizzle's relational queries, and it would rebuild their config per request.
    db: drizzle({ client: pool }),
    end: () => {
      ending = true;
      return pool.end();
    },
  };
}

/**
 * One request's pool, for work whose end the caller does not see: a Worker request's
 * `waitUntil` work may still query after the response. The pool opens on first use; `close()`
 * ends it as soon as nothing is in flight, and work that starts after that gets a pool of its
 * own that ends with it.
 */
export class RequestPool {
  readonly #env: NeonEnv;
  readonly #url: string;
  #opened: ReturnType<typeof openPool> | null = null;
  #active = 0;
  #closing: { done: Promise<void>; resolve: () => void } | null = null;

  constructor(env: NeonEnv, connectionString: string) {
    this.#env = env;
    this.#url = connectionString;
  }

  async use<T>(work: (db: NeonDb) => Promise<T>): Promise<T> {
    this.#opened ??= openPool(this.#env, this.#url);
    this.#active++;
    try {
      return await work(this.#opened.db);
    } finally {
      this.#active--;
      if (this.#closing) await this.#endIfIdle();
    }
  }

  /** Resolves once the work in flight is done and the pool has ended. */
  close(): Promise<void> {
    if (!this.#closing) {
      let resolve = () => {};
      const done = new Promise<void>((r) => {
        resolve = r;
      });
      this.#closing = { done, resolve };
    }
    void this.#endIfIdle();
    return this.#closing.done;
  }

  async #endIfIdle(): Promise<void> {
    if (this.#active > 0) return;
    const opened = this.#opened;
    this.#opened = null;
    try {
      await opened?.end();
    } catch (error) {
      // The work itself is done; a pool that fails to end cleanly only loses its connections.
      console.warn(`neon: ending a request's pool failed: ${(error as Error).message}`);
    } finally {
      this.#closing?.resolve();
    }
  }
}
