import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { seedPlayableTrack } from "../../test/helpers.ts";
import { foldText } from "./normalise.ts";
import {
  foldedNameSql,
  indexKindStatements,
  indexSearchItemStatements,
  kindOfRankKey,
  rankKeyRange,
  rebuildSearchIndexStatements,
  SEARCH_KINDS,
  type SqlStatement,
  unindexSearchItemStatements,
} from "./search-index.ts";

const run = (statements: SqlStatement[]) =>
  env.DB.batch(statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)));

const rows = async <T>(sql: string, ...params: unknown[]) =>
  (
    await env.DB.prepare(sql)
      .bind(...params)
      .all<T>()
  ).results;

/** Everything an index entry holds but its rank key's sequence number. */
const entries = () =>
  rows(
    "SELECT kind, item_id, name, artist, album, genres, year, isrc, markets, popularity, folded, rank_key >> 32 AS bucket FROM search_items ORDER BY kind, item_id",
  );

const wordMatches = (match: string) =>
  rows<{ item_id: string }>(
    "SELECT si.item_id FROM search_words JOIN search_items si ON si.rank_key = search_words.rowid WHERE search_words MATCH ? ORDER BY search_words.rowid",
    match,
  );

describe("search index on D1's SQLite", () => {
  it("has what the index is built with: FTS5 unicode61 with prefixes, trigrams, contentless delete, fts5vocab", async () => {
    const { trackId } = await seedPlayableTrack({
      title: "Hoppípolla 東京事変",
      artistName: "Sigur Rós",
      segments: 1,
    });
    expect(await wordMatches('"hoppipolla"')).toEqual([{ item_id: trackId }]);
    expect(await wordMatches('name : ^ "hop" *')).toEqual([{ item_id: trackId }]);
    expect(await wordMatches('artist : "sigur ros"')).toEqual(expect.arrayContaining([{ item_id: trackId }]));
    const trigram = await rows<{ item_id: string }>(
      "SELECT si.item_id FROM search_trigrams JOIN search_items si ON si.rank_key = search_trigrams.rowid WHERE search_trigrams MATCH ?",
      '"京事変"',
    );
    expect(trigram).toEqual([{ item_id: trackId }]);
    expect(await rows("SELECT term FROM search_terms WHERE term = 'hoppipolla'")).toHaveLength(1);
    expect(await wordMatches('name : "hoppip" *')).toEqual([{ item_id: trackId }]);
    const tables = await rows<{ name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE name IN ('search_words', 'search_names') ORDER BY name",
    );
    expect(tables.map((table) => table.name)).toEqual(["search_names", "search_words"]);
    for (const { sql } of tables) expect(sql).toContain("prefix='1 2 3 4 5 6 7 8 9'");
    expect(await rows("SELECT term FROM search_trigram_terms WHERE term = '事変 '")).toHaveLength(1);
    await run(unindexSearchItemStatements("track", trackId));
    expect(await wordMatches('"hoppipolla"')).toEqual([]);
    await run(indexSearchItemStatements("track", trackId));
    expect(await wordMatches('"hoppipolla"')).toEqual([{ item_id: trackId }]);
  });

  it("orders each kind's rank keys by popularity, most popular first", async () => {
    const low = await seedPlayableTrack({ title: "Rankling Quiet", popularity: 5, segments: 1 });
    const high = await seedPlayableTrack({ title: "Rankling Loud", popularity: 95, segments: 1 });
    expect((await wordMatches('"rankling"')).map((row) => row.item_id)).toEqual([high.trackId, low.trackId]);
    const [key] = await rows<{ rank_key: number }>(
      "SELECT rank_key FROM search_items WHERE item_id = ? AND kind = 'track'",
      high.trackId,
    );
    expect(kindOfRankKey(key?.rank_key as number)).toBe("track");
    const { from, to } = rankKeyRange("album");
    const albums = await rows<{ rank_key: number }>("SELECT rank_key FROM search_items WHERE kind = 'album'");
    for (const { rank_key } of albums) expect(rank_key >= from && rank_key <= to).toBe(true);
  });

  it("indexes a music track with its artist and album when it is published, never an ad", async () => {
    const song = await seedPlayableTrack({
      title: "Indexed Song",
      artistName: "Indexed Artist",
      segments: 1,
    });
    const ad = await seedPlayableTrack({ title: "Indexed Jingle", advertiser: "Indexed Brand", segments: 1 });
    const kinds = async (id: string) =>
      (await rows<{ kind: string }>("SELECT kind FROM search_items WHERE item_id = ?", id)).map(
        (r) => r.kind,
      );
    expect(await kinds(song.trackId)).toEqual(["track"]);
    expect(await kinds(song.artistId)).toEqual(["artist"]);
    expect(await kinds(song.albumId)).toEqual(["album"]);
    expect([
      ...(await kinds(ad.trackId)),
      ...(await kinds(ad.artistId)),
      ...(await kinds(ad.albumId)),
    ]).toEqual([]);
  });

  it("indexes one item idempotently: indexing twice leaves one entry, and follows the catalog", async () => {
    const { trackId } = await seedPlayableTrack({ title: "Twice Indexed", segments: 1 });
    await env.DB.prepare("UPDATE tracks SET title = 'Renamed Once' WHERE id = ?").bind(trackId).run();
    await run([
      ...indexSearchItemStatements("track", trackId),
      ...indexSearchItemStatements("track", trackId),
    ]);
    expect(await rows("SELECT name FROM search_items WHERE item_id = ?", trackId)).toEqual([
      { name: "Renamed Once" },
    ]);
    expect(await wordMatches('"twice"')).toEqual([]);
    expect(await wordMatches('"renamed" AND "once"')).toEqual([{ item_id: trackId }]);
  });

  it("rebuilds from the catalog exactly the index that publishing built", async () => {
    await seedPlayableTrack({
      title: "Rebuilt Café",
      artistName: "Rebuilder",
      genre: "Jazz",
      markets: ",DE,",
      segments: 1,
    });
    const before = await entries();
    const words = await wordMatches('"cafe"');
    await run(rebuildSearchIndexStatements());
    expect(await entries()).toEqual(before);
    expect((await wordMatches('"cafe"')).length).toBe(words.length);
  });

  it("is created and filled from existing rows by its migrations, with the rebuild's very statements", () => {
    const normalise = (sql: string) =>
      sql
        .replace(/^--.*$/gm, "")
        .replace(/\s+/g, " ")
        .replace(/;\s*$/, "")
        .trim();
    const queries = (suffix: string) =>
      (env.TEST_MIGRATIONS.find((m) => m.name.endsWith(suffix))?.queries ?? []).map(normalise);
    const folded = normalise(foldedNameSql("name"));
    // Before 0010, entries had no folded name: the rebuild's inserts then were these without it.
    const withoutFolded = (sql: string) =>
      sql
        .replace(", popularity, folded)", ", popularity)")
        .replace(`, p, ${folded} FROM bucketed`, ", p FROM bucketed");
    const rebuild = rebuildSearchIndexStatements().map((s) => withoutFolded(normalise(s.sql)));
    // 0005 built every index but search_names, for every kind but playlists; 0008 added
    // search_names, filled as the rebuild fills it; 0009 indexed playlists as the rebuild does;
    // 0010 added the folded names, as the rebuild writes them.
    const ofNames = (sql: string) => sql.includes("search_names");
    const ofPlaylists = (sql: string) => sql.includes("'playlist'");
    const before = rebuild.filter((sql) => !ofNames(sql) && !ofPlaylists(sql));
    expect(queries("_add_search_index.sql").slice(-before.length)).toEqual(before);
    const playlists = indexKindStatements("playlist").map((s) => withoutFolded(normalise(s.sql)));
    expect(playlists[0]).toBe(rebuild.find(ofPlaylists));
    expect(queries("_index_playlists.sql")).toEqual(playlists);
    const names = rebuild.filter((sql) => ofNames(sql) && !sql.includes("'delete-all'"));
    expect(queries("_add_search_names.sql").slice(-names.length)).toEqual(names);
    // 0011 made search_words and search_names again, with longer prefixes, and filled them.
    const refill = rebuild.filter(
      (sql) => /search_(words|names)\b/.test(sql) && !sql.includes("'delete-all'"),
    );
    expect(queries("_search_longer_prefixes.sql").slice(-refill.length)).toEqual(refill);
    expect(queries("_search_folded_names.sql")).toEqual([
      "ALTER TABLE `search_items` ADD `folded` text",
      `UPDATE search_items SET folded = ${folded}`,
    ]);
    expect(
      rebuildSearchIndexStatements().filter((s) => s.sql.includes(`, p, ${foldedNameSql("name")} FROM`)),
    ).toHaveLength(SEARCH_KINDS.length);
  });

  it("folds plain names as the ranking does, and leaves the others to it", async () => {
    const foldedIn = async (name: string) =>
      (
        await rows<{ f: string | null }>(
          `WITH n(name) AS (SELECT ?) SELECT ${foldedNameSql("name")} AS f FROM n`,
          name,
        )
      )[0]?.f;
    const plain = [
      "Shape of You",
      "Don't Stop Me Now",
      "Rock ’n’ Roll ‘Live’ `mix` Oʼneil",
      "夜空の向こう",
      "サクラ・ドロップス",
      "が",
      "사랑해 (Acoustic)",
      "AC/DC - T.N.T. [2003]",
      "",
      "Beyoncé - Déjà Vu",
      "Ærøskøbing Straße × Zürich ÷ Łódź İstanbul ŒUVRE",
      "ΟΔΟΣ Άνοιξη ΐ ς\u0387",
      "Город Ёлка",
      "東京ή",
    ];
    for (const name of plain) expect(await foldedIn(name), name).toBe(foldText(name));
    // Folding these is more than one character at a time, or SQL has no table for them.
    const others = ["か\u3099", "e\u0301", "Tab\there", "ﾊﾟﾗﾀﾞｲｽ", "Ｔｏｋｙｏ", "ǅemal", "Ґанок", "µs"];
    for (const name of others) expect(await foldedIn(name)).toBeNull();
  });
});
