import { env } from "cloudflare:workers";
import type { CatalogDb } from "../catalog-db.ts";
import { createD1CatalogDb } from "../d1-catalog-db.ts";
import { withNeonPool } from "../neon.ts";
import { createPgCatalogDb } from "../pg-catalog-db.ts";

/**
 * One implementation of the catalog interface as the contract suite sees it. `run` is one
 * request's worth of work: on Postgres a pool is opened and ended around it, as in the Worker.
 */
export interface ContractBackend {
  readonly name: "d1" | "postgres";
  run<T>(use: (db: CatalogDb) => Promise<T>): Promise<T>;
}

/** The D1 database of the test's workerd (migrated before each test file). */
export function d1Backend(): ContractBackend {
  return { name: "d1", run: (use) => use(createD1CatalogDb(env.DB)) };
}

/** A Postgres database (`freshPostgresDatabase()`), reached through the Neon driver. */
export function postgresBackend(url: () => string): ContractBackend {
  return {
    name: "postgres",
    run: (use) => withNeonPool(env, url(), (db) => use(createPgCatalogDb(db))),
  };
}

/** A contract: `describe`/`it` blocks that hold for every backend. */
export type Contract = (backend: ContractBackend) => void;
