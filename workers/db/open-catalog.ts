import { readConfig } from "../env.ts";
import type { CatalogDb } from "./catalog-db.ts";
import { createD1CatalogDb } from "./d1-catalog-db.ts";
import { type NeonDb, RequestPool } from "./neon.ts";
import { createPgCatalogDb } from "./pg-catalog-db.ts";

/** The catalog one request (a queue batch, a Durable Object call) works with, and how to let go of it. */
export interface OpenCatalog {
  db: CatalogDb;
  /** Ends the Postgres pool once the work in flight is done; nothing to do on D1. */
  close(): Promise<void>;
}

/**
 * Opens the catalog the configuration names (`CATALOG_BACKEND`): D1 through its binding, or
 * Neon Postgres at `DATABASE_URL` over a pool of this request's own. Every method of the
 * Postgres catalog runs on that pool, so `close()` waits for whatever is still querying.
 */
export function openCatalog(env: Env): OpenCatalog {
  const config = readConfig(env);
  if (config.CATALOG_BACKEND === "d1") {
    return { db: createD1CatalogDb(env.DB), close: async () => {} };
  }
  const pool = new RequestPool(config, config.DATABASE_URL as string);
  return { db: pooledCatalog(pool), close: () => pool.close() };
}

/** Runs `work` with the catalog and closes it afterwards (queue consumers, Durable Objects). */
export async function withCatalog<T>(env: Env, work: (db: CatalogDb) => Promise<T>): Promise<T> {
  const catalog = openCatalog(env);
  try {
    return await work(catalog.db);
  } finally {
    await catalog.close();
  }
}

/** A Postgres catalog whose every call holds the request's pool open while it runs. */
function pooledCatalog(pool: RequestPool): CatalogDb {
  const catalogs = new WeakMap<NeonDb, CatalogDb>();
  const catalogOn = (db: NeonDb) => {
    let catalog = catalogs.get(db);
    if (!catalog) {
      catalog = createPgCatalogDb(db);
      catalogs.set(db, catalog);
    }
    return catalog;
  };
  return new Proxy({} as CatalogDb, {
    get(_, key) {
      // Not a thenable: awaiting the catalog itself must not call `then` on the database.
      if (typeof key !== "string" || key === "then") return undefined;
      return (...args: unknown[]) =>
        pool.use((db) => {
          const catalog = catalogOn(db) as unknown as Record<
            PropertyKey,
            (...a: unknown[]) => Promise<unknown>
          >;
          const method = catalog[key];
          if (typeof method !== "function") throw new TypeError(`CatalogDb has no method ${String(key)}`);
          return method.apply(catalog, args);
        });
    },
  });
}
