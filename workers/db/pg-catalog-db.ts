import { searchPgIndex, suggestFromPgIndex } from "../services/search/pg-search.ts";
import type { CatalogDb } from "./catalog-db.ts";
import type { PgDb } from "./neon.ts";
import { createPgBrowseQueries } from "./pg-browse-queries.ts";
import { createPgCoreQueries } from "./pg-core-queries.ts";
import { createPgLibraryQueries } from "./pg-library.ts";
import { createPgPlaylistQueries } from "./pg-playlists.ts";

export type { PgDb } from "./neon.ts";

/**
 * The Postgres (Neon) implementation of the catalog interface, over one request's pool
 * (`withNeonPool`). Atomic steps are transactions; everything else mirrors the D1 queries.
 */
export function createPgCatalogDb(db: PgDb): CatalogDb {
  const browse = createPgBrowseQueries(db);
  return {
    ...browse,
    ...createPgCoreQueries(db),
    ...createPgLibraryQueries(db),
    ...createPgPlaylistQueries(db, browse),
    searchCatalog(query, options) {
      return searchPgIndex(db, query, options);
    },
    suggest(tokens, options) {
      return suggestFromPgIndex(db, tokens, options);
    },
  };
}
