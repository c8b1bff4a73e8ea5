import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { seedPlayableTrack } from "../../test/helpers.ts";
import type { Corrections } from "./fts5-match.ts";
import { parseSearchQuery } from "./parse-query.ts";
import { rankCandidates, type SearchCandidate } from "./rank.ts";
import { foldedNameSql, ftsEntryStatements, rankKeyRange, type SqlStatement } from "./search-index.ts";
import { type CandidateRow, candidateStatement, SEARCH_DEPTH } from "./search-sql.ts";

const run = (statements: SqlStatement[]) =>
  env.DB.batch(statements.map((s) => env.DB.prepare(s.sql).bind(...s.params)));

/**
 * Index entries written straight into the index (name, artist, popularity): every name-match
 * step, names SQL cannot fold (accents, other scripts, a joining mark), names that begin with a
 * separator, words inside other words, and many items that match through their artist only.
 */
const ENTRIES: [string, string, number][] = [
  ["Love", "Anna Berg", 12],
  ["love", "Rae", 3],
  ["LOVE!", "Kid Blue", 41],
  ["Love Me Do", "The Four", 64],
  ["Lovely Day", "Bill W", 71],
  ["Love's Theme", "Orchestra", 22],
  ["Crazy Little Thing Called Love", "Queenly", 83],
  ["In Love Again", "Mara", 50],
  ["(Love) Is All", "Pip", 30],
  ["Glove Story", "Hand", 66],
  ["Lové Song", "Accent", 35],
  ["愛 Love", "Ai", 28],
  ["Love ή", "Greek", 45],
  ["Love ґанок", "Ukrainian", 57],
  ["Love\u0301 Me", "Mark", 61],
  ["Ωραία Love", "Greek", 33],
  ["Me Love", "Swap", 9],
  ["夜空", "Sora", 7],
  ["夜空のむこう", "Sora", 52],
  ["星の夜空", "Hoshi", 47],
  ["夜空か\u3099", "Kana", 38],
  ...Array.from({ length: 40 }, (_, i): [string, string, number] => [
    `Song ${i}`,
    "Love Unlimited",
    (i * 37) % 101,
  ]),
  ...Array.from({ length: 12 }, (_, i): [string, string, number] => [
    `Track ${i}`,
    "夜空バンド",
    (i * 29) % 101,
  ]),
];

/** Catalog tracks, so that listens count: [title, popularity, plays]. */
const PLAYED: [string, number, number][] = [
  ["Love Again", 20, 3],
  ["Lover Boy", 18, 31],
  ["Song of Love", 60, 100_000],
  ["Plain Song", 70, 9],
];

const QUERIES: { q: string; corrections?: Corrections }[] = [
  { q: "love" },
  { q: "lov" },
  { q: "Love Me" },
  { q: '"love"' },
  { q: "crazy love" },
  { q: "夜空" },
  { q: "夜" },
  { q: 'artist:"Love Unlimited"' },
  { q: "lvoe", corrections: new Map([["lvoe", ["love", "live"]]]) },
];

const PAGES: [offset: number, limit: number][] = [
  [0, 1],
  [0, 5],
  [0, 20],
  [3, 7],
  [15, 10],
  [60, 20],
];

async function candidates(q: string, keep: number, corrections?: Corrections) {
  const statement = candidateStatement(parseSearchQuery(q), "track", { keep, corrections });
  const { results } = await env.DB.prepare(statement.sql)
    .bind(...statement.params)
    .all<CandidateRow & { matched: number }>();
  return results;
}

const page = (
  rows: CandidateRow[],
  q: string,
  corrections: Corrections | undefined,
  [offset, limit]: [number, number],
) =>
  rankCandidates(
    rows.map((row): SearchCandidate => ({ rankKey: row.rank_key, ...row })),
    parseSearchQuery(q),
    corrections,
  )
    .slice(offset, offset + limit)
    .map((candidate) => candidate.name);

describe("score bounds in SQL", () => {
  beforeAll(async () => {
    const { from } = rankKeyRange("track");
    for (const [title, popularity, plays] of PLAYED) {
      const { trackId } = await seedPlayableTrack({ title, popularity, artistName: `Played ${title}` });
      await env.DB.prepare("INSERT INTO track_plays (track_id, plays, last_played_at) VALUES (?, ?, 0)")
        .bind(trackId, plays)
        .run();
    }
    await run(
      ENTRIES.map(([name, artist, popularity], i) => ({
        sql: `INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity, folded)
SELECT r, 'track', id, n, a, '', '', NULL, NULL, NULL, p, ${foldedNameSql("n")}
FROM (SELECT ? AS r, ? AS id, ? AS n, ? AS a, ? AS p)`,
        params: [
          from + (100 - popularity) * 2 ** 32 + 1_000_000 + i,
          `fixture-${i}`,
          name,
          artist,
          popularity,
        ],
      })),
    );
    await run(ftsEntryStatements("item_id LIKE 'fixture-%'"));
  });

  it("sends every candidate that can reach the page: each page ranks as if all had been sent", async () => {
    let dropped = 0;
    for (const { q, corrections } of QUERIES) {
      // Keeping more than the search depth keeps every candidate.
      const all = await candidates(q, SEARCH_DEPTH + 1, corrections);
      expect(all.length, q).toBeGreaterThan(0);
      expect(new Set(all.map((row) => row.matched)), q).toEqual(new Set([all.length]));
      for (const [offset, limit] of PAGES) {
        const some = await candidates(q, offset + limit, corrections);
        expect(some[0]?.matched, `${q} ${offset}+${limit}`).toBe(all.length);
        expect(page(some, q, corrections, [offset, limit]), `${q} ${offset}+${limit}`).toEqual(
          page(all, q, corrections, [offset, limit]),
        );
        dropped += all.length - some.length;
      }
    }
    // The bounds do drop candidates (else this test would prove nothing).
    expect(dropped).toBeGreaterThan(200);
  });

  it("binds at most 100 parameters, D1's limit, however long the query", () => {
    const isrcs = Array.from({ length: 40 }, (_, i) => `isrc:${i.toString(36)}`);
    const words = ["夜空の", ..."midnight summer electric forever golden satellite mirror ocean".split(" ")];
    for (let n = 1; n <= words.length; n++) {
      const q = [...words.slice(0, n), "year:2010-2020", ...isrcs]
        .join(" ")
        .slice(0, 250)
        .replace(/\S*$/, "");
      const statement = candidateStatement(parseSearchQuery(q), "track", { keep: 1050, market: "US" });
      expect(statement.params.length, q).toBeLessThanOrEqual(100);
    }
  });
});
