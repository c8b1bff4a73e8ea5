import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedEpisode, seedShow, seedTrack, seedUser } from "../../db/contract/seed.ts";
import { withNeonPool } from "../../db/neon.ts";
import { createPgCatalogDb } from "../../db/pg-catalog-db.ts";
import { freshPostgresDatabase } from "../../test/postgres.ts";
import { newPlaylist } from "../playlists.ts";
import { pgRebuildSearchIndex, pgUnindexSearchItem } from "./pg-search-index.ts";
import { kindOfRankKey } from "./search-index.ts";

// What the catalog contract cannot see through the interface: the Postgres index's rows.
let url: string;

beforeAll(async () => {
  url = await freshPostgresDatabase();
});

/** Everything an index entry holds but its rank key's sequence number. */
const entries = () =>
  withNeonPool(env, url, async (db) => {
    const { rows } =
      await db.execute(sql`SELECT kind, item_id, name, artist, album, genres, year, isrc, markets,
  popularity, (rank_key >> 32)::int AS bucket FROM search_items ORDER BY kind, item_id`);
    return rows;
  });

describe("search index on Postgres", () => {
  it("rebuilds from the catalog exactly the index that writes built", async () => {
    await withNeonPool(env, url, async (db) => {
      const catalog = createPgCatalogDb(db);
      await seedTrack(catalog, {
        title: "Rebuilt Café",
        artistName: "Rebuilder",
        genre: "Jazz",
        markets: ",DE,",
      });
      await seedTrack(catalog, {
        artistName: "Rebuilder",
        albumTitle: "Second",
        popularity: 40,
        markets: ",AT,",
      });
      await seedTrack(catalog, {
        artistName: "Rebuilder",
        albumTitle: "Second",
        popularity: 60,
        markets: ",DE,FR,",
      });
      await seedTrack(catalog, { title: "Unpublished", publish: false });
      const show = await seedShow(catalog, { name: "Rebuilt Radio" });
      await seedEpisode(catalog, show, { releaseDate: "2025-02-03" });
      const owner = await seedUser(catalog);
      await catalog.createPlaylist(newPlaylist(owner.id, { name: "Rebuilt Mix" }, 1_700_000_000_000));
      await catalog.createPlaylist(
        newPlaylist(owner.id, { name: "Hidden", public: false }, 1_700_000_000_000),
      );
    });
    const before = await entries();
    const kinds = ["album", "album", "artist", "episode", "playlist", "show", "track", "track", "track"];
    expect(before.map((entry) => entry.kind)).toEqual(kinds);
    await withNeonPool(env, url, (db) => pgRebuildSearchIndex(db));
    expect(await entries()).toEqual(before);
  });

  it("orders each kind's rank keys by popularity, within the kind's range", async () => {
    const keys = await withNeonPool(env, url, async (db) => {
      const catalog = createPgCatalogDb(db);
      const low = await seedTrack(catalog, { title: "Rankling Quiet", popularity: 5 });
      const high = await seedTrack(catalog, { title: "Rankling Loud", popularity: 95 });
      const { rows } = await db.execute(
        sql`SELECT item_id, rank_key::float8 AS rank_key FROM search_items WHERE item_id IN (${low.trackId}, ${high.trackId}) ORDER BY rank_key`,
      );
      return { rows, ids: [high.trackId, low.trackId] };
    });
    expect(keys.rows.map((row) => row.item_id)).toEqual(keys.ids);
    for (const row of keys.rows) expect(kindOfRankKey(row.rank_key as number)).toBe("track");
  });

  it("unindexes an item, a no-op the second time", async () => {
    const hits = await withNeonPool(env, url, async (db) => {
      const catalog = createPgCatalogDb(db);
      const { trackId } = await seedTrack(catalog, { title: "Vanishing Point" });
      await pgUnindexSearchItem(db, "track", trackId);
      await pgUnindexSearchItem(db, "track", trackId);
      return catalog.searchCatalog(
        {
          text: [{ tokens: ["vanishing"], prefix: true }],
          artist: [],
          album: [],
          track: [],
          genre: [],
          year: null,
          isrc: [],
        },
        { kinds: ["track"], limit: 10, offset: 0 },
      );
    });
    expect(hits).toEqual({ track: { ids: [], total: 0 } });
  });
});
