import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe, expect, it } from "vitest";
import { ROOT } from "../stack.ts";
import { countGenerated, deleteGenerated, generateCatalog, SYNTHETIC_ENCODE_ID } from "./generate-catalog.ts";
import { rebuildSearchIndex } from "./search-index.ts";

/** An in-memory catalogue with every D1 migration applied, as `wrangler d1 migrations apply` would. */
function migratedDatabase(): DatabaseSync {
  const db = new DatabaseSync(":memory:");
  const dir = join(ROOT, "migrations", "d1");
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    for (const statement of readFileSync(join(dir, file), "utf8").split("--> statement-breakpoint")) {
      if (statement.trim()) db.exec(statement);
    }
  }
  return db;
}

const all = <T>(db: DatabaseSync, sql: string) => db.prepare(sql).all() as T[];

describe("catalog generator", () => {
  it("writes a catalogue in realistic proportions, with accents, other scripts, markets and a Zipf head", () => {
    const db = migratedDatabase();
    const progress: number[] = [];
    const counts = generateCatalog(db, {
      tracks: 6000,
      seed: 1,
      nowMs: 0,
      onProgress: (f) => progress.push(f),
    });
    expect(counts.tracks).toBe(6000);
    expect(counts.artists).toBe(500);
    expect(counts.albums).toBeGreaterThan(counts.artists);
    expect(counts.albums).toBeLessThan(counts.tracks / 2);
    expect(progress.at(-1)).toBe(1);
    const [row] = all<{ n: number; playable: number; names: number }>(
      db,
      `SELECT count(*) AS n, sum(current_encode_id = '${SYNTHETIC_ENCODE_ID}') AS playable,
         count(DISTINCT title) AS names FROM tracks`,
    );
    expect(row).toMatchObject({ n: 6000, playable: 6000 });
    expect(row?.names).toBeGreaterThan(1500);
    const titles = all<{ title: string }>(db, "SELECT title FROM tracks").map((t) => t.title);
    expect(titles.some((t) => /[À-ÿ]/.test(t))).toBe(true);
    expect(titles.some((t) => /[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]/.test(t))).toBe(true);
    const markets = all<{ markets: string | null }>(db, "SELECT markets FROM tracks");
    const everywhere = markets.filter((m) => m.markets === null).length / markets.length;
    expect(everywhere).toBeGreaterThan(0.6);
    expect(everywhere).toBeLessThan(0.95);
    // A head of popular artists and a long tail.
    const pops = all<{ popularity: number }>(
      db,
      "SELECT popularity FROM artists ORDER BY popularity DESC",
    ).map((a) => a.popularity);
    expect(pops[0]).toBeGreaterThanOrEqual(90);
    expect(pops[Math.floor(pops.length / 2)]).toBeLessThan(40);
    // Listens on the service: a share of the tail, and many more the more popular a track is.
    const [listened] = all<{ share: number; head: number; tail: number }>(
      db,
      `SELECT count(p.track_id) * 1.0 / count(*) AS share,
         avg(CASE WHEN t.popularity >= 40 THEN coalesce(p.plays, 0) END) AS head,
         avg(CASE WHEN t.popularity < 10 THEN coalesce(p.plays, 0) END) AS tail
       FROM tracks t LEFT JOIN track_plays p ON p.track_id = t.id`,
    );
    expect(listened?.share).toBeGreaterThan(0.3);
    expect(listened?.share).toBeLessThan(0.8);
    expect(listened?.head).toBeGreaterThan(100 * (listened?.tail ?? Infinity));
    // Name keys stay unique, as the upload path requires.
    const [keys] = all<{ n: number; uniq: number }>(
      db,
      "SELECT count(*) AS n, count(DISTINCT name_key) AS uniq FROM artists",
    );
    expect(keys?.uniq).toBe(keys?.n);
  });

  it("is deterministic for a seed, and --replace removes an earlier run", () => {
    const first = migratedDatabase();
    const second = migratedDatabase();
    generateCatalog(first, { tracks: 500, seed: 9, nowMs: 0 });
    generateCatalog(second, { tracks: 500, seed: 9, nowMs: 0 });
    const sample = (db: DatabaseSync) =>
      all(db, "SELECT id, title, popularity FROM tracks ORDER BY id LIMIT 20");
    expect(sample(first)).toEqual(sample(second));
    expect(countGenerated(first)).toBe(500);
    expect(all(first, "SELECT track_id FROM track_plays").length).toBeGreaterThan(0);
    expect(deleteGenerated(first)).toBe(500);
    expect(countGenerated(first)).toBe(0);
    expect(all(first, "SELECT track_id FROM track_plays")).toEqual([]);
    expect(all(first, "SELECT id FROM artists")).toEqual([]);
  });

  it("builds the search index over what it wrote, with the Worker's own statements", () => {
    const db = migratedDatabase();
    generateCatalog(db, { tracks: 2000, seed: 3, nowMs: 0 });
    rebuildSearchIndex(db);
    const [indexed] = all<{ n: number }>(db, "SELECT count(*) AS n FROM search_items WHERE kind = 'track'");
    expect(indexed?.n).toBe(2000);
    const [artists] = all<{ n: number }>(db, "SELECT count(*) AS n FROM search_items WHERE kind = 'artist'");
    expect(artists?.n).toBeGreaterThan(100);
  });
});
