import { beforeAll, describe, expect, it } from "vitest";
import { newPlaylist } from "../../services/playlists.ts";
import { searchTokens } from "../../services/search/normalise.ts";
import { parseSearchQuery, type SearchQuery } from "../../services/search/parse-query.ts";
import type { SearchKind } from "../../services/search/search-index.ts";
import type { SearchOptions } from "../catalog-db.ts";
import type { ContractBackend } from "./backends.ts";
import { publishTrack, type SeedTrackOptions, seedEpisode, seedShow, seedTrack, seedUser } from "./seed.ts";

/**
 * Search and autocomplete: the fixture and cases of `workers/api/search.test.ts` (relevance,
 * filters, diacritics, apostrophes, typos, scripts without spaces, markets, paging, injection),
 * asked of the interface, so both indexes (FTS5 on D1, tsvector and trigrams on Postgres) must
 * find the same items in the same order. Also how writes keep the index current: publishing,
 * shows and episodes, and public, private, renamed and deleted playlists.
 */
export function searchContract(backend: ContractBackend): void {
  describe(`search (${backend.name})`, () => {
    /** Fixture ids by a short name, and the display names of seeded items by id. */
    const ids: Record<string, string> = {};
    const names = new Map<string, string>();
    /** Every track, artist and album the fixture seeded (the database holds other contracts' too). */
    const seeded = new Set<string>();

    const search = (q: string | SearchQuery, kinds: SearchKind[], options: Partial<SearchOptions> = {}) =>
      backend.run((db) =>
        db.searchCatalog(typeof q === "string" ? parseSearchQuery(q) : q, {
          kinds,
          limit: 50,
          offset: 0,
          ...options,
        }),
      );
    const nameOf = (id: string) => names.get(id) ?? `(not in the fixture: ${id})`;
    const namesFound = async (
      q: string | SearchQuery,
      kind: SearchKind,
      options: Partial<SearchOptions> = {},
    ) => ((await search(q, [kind], options))[kind]?.ids ?? []).map(nameOf);
    const trackNames = (q: string | SearchQuery, options: Partial<SearchOptions> = {}) =>
      namesFound(q, "track", options);
    const suggest = (q: string, options: { limit?: number; market?: string } = {}) =>
      backend.run((db) => db.suggest(searchTokens(q), { limit: 20, ...options }));

    beforeAll(async () => {
      await backend.run(async (db) => {
        const seed = async (key: string, options: SeedTrackOptions) => {
          const track = await seedTrack(db, options);
          ids[key] = track.trackId;
          for (const id of [track.trackId, track.artistId, track.albumId]) seeded.add(id);
          names.set(track.trackId, options.title ?? "");
          if (options.artistName) names.set(track.artistId, options.artistName);
          if (options.albumTitle) names.set(track.albumId, options.albumTitle);
          return track;
        };
        const shape = await seed("shape", {
          title: "Shape of You",
          artistName: "Ed Sheeran",
          albumTitle: "Divide",
          popularity: 90,
          releaseDate: "2017-03-03",
          genre: "Pop",
          isrc: "GBAHS1600463",
        });
        ids.sheeran = shape.artistId;
        ids.divide = shape.albumId;
        await seed("perfect", {
          title: "Perfect",
          artistName: "Ed Sheeran",
          albumTitle: "Divide",
          popularity: 85,
        });
        await seed("acoustic", {
          title: "Shape of You (Acoustic)",
          artistName: "Cover Band",
          popularity: 30,
          releaseDate: "2018",
        });
        await seed("ofYou", { title: "Of You I Shape", artistName: "Hitmakers", popularity: 99 });
        ids.tribute = (
          await seed("medley", { title: "Tribute Medley", artistName: "Ed Sheeran Tribute", popularity: 10 })
        ).artistId;
        const halo = await seed("halo", {
          title: "Halo",
          artistName: "Beyoncé",
          albumTitle: "I Am... Sasha Fierce",
          popularity: 80,
          releaseDate: "2008",
          genre: "R&B",
        });
        ids.sasha = halo.albumId;
        ids.beyonce = halo.artistId;
        await seed("cafe", {
          title: "Cafe del Mar",
          artistName: "Energy 52",
          popularity: 40,
          releaseDate: "1993",
        });
        await seed("dont", {
          title: "Don't Stop Me Now",
          artistName: "Queen",
          popularity: 70,
          releaseDate: "1978",
        });
        ids.synth = (
          await seed("night", {
            title: "Night Drive",
            artistName: "Synth Riders",
            albumTitle: "Perfect Strangers",
            popularity: 20,
          })
        ).artistId;
        ids.smap = (
          await seed("yozora", {
            title: "夜空ノムコウ",
            artistName: "SMAP",
            popularity: 60,
            releaseDate: "1998",
          })
        ).artistId;
        ids.loyly = (
          await seed("sauna", {
            title: "Sauna Lullaby",
            artistName: "Löyly",
            popularity: 15,
            markets: ",FI,",
          })
        ).artistId;
        await seed("helios", { title: "Ήλιος μου", artistName: "Μελωδός", popularity: 25 });
        for (const n of [1, 2, 3, 4, 5]) {
          await seed(`page${n}`, {
            title: `Pagination Anthem ${n}`,
            artistName: "Pager",
            popularity: 50 - n,
          });
        }
        await seed("jingle", { title: "Zeta Jingle", artistName: "Zeta Cola", kind: "ad" });
      });
    });

    describe("relevance", () => {
      it("puts the exact title of a popular track first, above partial and less popular matches", async () => {
        const found = (await search("shape of you", ["track"])).track?.ids ?? [];
        expect(found[0]).toBe(ids.shape);
        expect(found).toEqual(expect.arrayContaining([ids.acoustic, ids.ofYou]));
        expect(found.map(nameOf)).toEqual(["Shape of You", "Of You I Shape", "Shape of You (Acoustic)"]);
      });

      it("answers an artist query with that artist first, then the near namesakes", async () => {
        const hits = await search("ed sheeran", ["artist", "track"]);
        expect(hits.artist?.ids).toEqual([ids.sheeran, ids.tribute]);
        expect(hits.track?.ids.slice(0, 2).map(nameOf)).toEqual(["Shape of You", "Perfect"]);
        expect(hits.track?.ids.map(nameOf)).toEqual(["Shape of You", "Perfect", "Tribute Medley"]);
      });

      it("matches words as they are typed, by prefix", async () => {
        expect(await trackNames("shape of yo")).toContain("Shape of You");
        expect((await trackNames("perf"))[0]).toBe("Perfect");
        expect(await trackNames("perf")).toEqual(["Perfect", "Night Drive"]);
      });

      it("answers only the asked kinds, each with its ids and total", async () => {
        const hits = await search("divide", ["album", "playlist", "show", "episode"]);
        expect(Object.keys(hits).sort()).toEqual(["album", "episode", "playlist", "show"]);
        expect(hits.album).toEqual({ ids: [ids.divide], total: 1 });
        for (const kind of ["playlist", "show", "episode"] as const)
          expect(hits[kind]).toEqual({ ids: [], total: 0 });
      });

      it("finds nothing, in every asked kind, for a query without criteria", async () => {
        expect(await search("  ", ["track", "artist"])).toEqual({
          track: { ids: [], total: 0 },
          artist: { ids: [], total: 0 },
        });
      });
    });

    describe("field filters", () => {
      it("artist: keeps the tracks of artists with those words in their name", async () => {
        expect(await trackNames("artist:beyonce")).toEqual(["Halo"]);
        expect(await trackNames('artist:"ed sheeran"')).toEqual([
          "Shape of You",
          "Perfect",
          "Tribute Medley",
        ]);
        expect(await trackNames("artist:sheeran shape")).toEqual(["Shape of You"]);
      });

      it("album: keeps one album's tracks, and finds the album itself", async () => {
        expect((await trackNames("album:divide")).sort()).toEqual(["Perfect", "Shape of You"]);
        const hits = await search('album:"perfect strangers"', ["album", "artist"]);
        expect(hits.album?.ids.map(nameOf)).toEqual(["Perfect Strangers"]);
        expect(hits.artist?.total).toBe(0);
      });

      it("track: matches titles only, and only tracks", async () => {
        expect(await trackNames("track:perfect")).toEqual(["Perfect"]);
        expect((await search("track:perfect", ["album"])).album?.total).toBe(0);
      });

      it("year: takes a year or a range", async () => {
        expect(await trackNames("shape year:2017")).toEqual(["Shape of You"]);
        expect((await trackNames("shape year:2010-2019")).sort()).toEqual([
          "Shape of You",
          "Shape of You (Acoustic)",
        ]);
        expect(await trackNames("year:1990-1999 cafe")).toEqual(["Cafe del Mar"]);
        expect(await trackNames("halo year:1990-1999")).toEqual([]);
        expect((await search("year:2008", ["album", "artist"])).album?.ids).toContain(ids.sasha);
      });

      it("genre: matches the album's or the artist's genre", async () => {
        expect(await trackNames("genre:r&b")).toEqual(["Halo"]);
        expect(await trackNames("genre:pop shape")).toEqual(["Shape of You"]);
      });

      it("isrc: finds exactly one recording, hyphens or not", async () => {
        expect(await trackNames("isrc:GBAHS1600463")).toEqual(["Shape of You"]);
        expect(await trackNames("isrc:gb-ahs-16-00463")).toEqual(["Shape of You"]);
      });
    });

    describe("matching", () => {
      it("folds diacritics both ways", async () => {
        expect(await trackNames("beyonce halo")).toEqual(["Halo"]);
        expect(await trackNames("BEYONCÉ")).toEqual(["Halo"]);
        expect(await trackNames("café del mar")).toEqual(["Cafe del Mar"]);
        expect(await trackNames("loyly")).toEqual(["Sauna Lullaby"]);
        expect(await namesFound("LÖYLY", "artist")).toEqual(["Löyly"]);
      });

      it("finds Greek words that end in a final sigma, in either case", async () => {
        for (const q of ["ήλιος", "ΉΛΙΟΣ", "ήλιοσ μου", "ήλ"])
          expect(await trackNames(q), q).toEqual(["Ήλιος μου"]);
        expect(await namesFound("μελωδός", "artist")).toEqual(["Μελωδός"]);
        expect((await suggest("ήλιος μ")).map((s) => s.name)).toEqual(["Ήλιος μου"]);
      });

      it("finds a name with an apostrophe written with, without or as a space", async () => {
        for (const q of ["don't stop me now", "dont stop", "don’t", "don t stop"]) {
          expect(await trackNames(q), q).toEqual(["Don't Stop Me Now"]);
        }
      });

      it("breaks names at punctuation as the query does: AC/DC, R.E.M., blink-182", () =>
        backend.run(async (db) => {
          const bands = ["AC/DC", "R.E.M.", "blink-182"];
          const artistIds = new Map<string, string>();
          for (const artistName of bands) {
            const { artistId } = await seedTrack(db, {
              artistName,
              title: `${artistName} live`,
              popularity: 40,
            });
            artistIds.set(artistName, artistId);
          }
          const artistsFound = async (q: string) =>
            (await db.searchCatalog(parseSearchQuery(q), { kinds: ["artist"], limit: 10, offset: 0 })).artist
              ?.ids;
          for (const [q, band] of [
            ["ac/dc", "AC/DC"],
            ["acdc", undefined],
            ["ac dc", "AC/DC"],
            ["r.e.m.", "R.E.M."],
            ["blink-182", "blink-182"],
            ["blink 182", "blink-182"],
          ] as const) {
            expect(await artistsFound(q), q).toEqual(band ? [artistIds.get(band)] : []);
          }
          expect((await db.suggest(searchTokens("blink-1"), { limit: 5 })).map((s) => s.id)).toContain(
            artistIds.get("blink-182"),
          );
        }));

      it("forgives one typo in a longer word", async () => {
        expect(await trackNames("beyonse")).toEqual(["Halo"]);
        expect((await trackNames("perfcet"))[0]).toBe("Perfect");
        expect(await trackNames("sheeeran shape")).toEqual(["Shape of You"]);
        expect(await namesFound("beyonse", "artist")).toEqual(["Beyoncé"]);
      });

      it("finds a CJK title by its start and by a two- or three-character substring", async () => {
        expect(await trackNames("夜空")).toEqual(["夜空ノムコウ"]);
        expect(await trackNames("ノム")).toEqual(["夜空ノムコウ"]);
        expect(await trackNames("空ノム")).toEqual(["夜空ノムコウ"]);
        expect(await trackNames("ムコウ")).toEqual(["夜空ノムコウ"]);
        expect(await trackNames("ムコ夜")).toEqual([]);
      });

      it("never finds an ad", async () => {
        const hits = await search("zeta", ["track", "artist", "album"]);
        expect([hits.track?.total, hits.artist?.total, hits.album?.total]).toEqual([0, 0, 0]);
      });
    });

    describe("markets and paging", () => {
      it("leaves out tracks not licensed in the market asked for", async () => {
        expect(await trackNames("sauna", { market: "SE" })).toEqual([]);
        expect(await trackNames("sauna", { market: "FI" })).toEqual(["Sauna Lullaby"]);
        expect(await trackNames("sauna lullaby")).toEqual(["Sauna Lullaby"]);
        // Artists have no markets: found everywhere.
        expect(await namesFound("loyly", "artist", { market: "SE" })).toEqual(["Löyly"]);
      });

      it("pages with limit and offset, with the total of every page", async () => {
        const page = (offset: number, limit: number) =>
          search("pagination anthem", ["track"], { offset, limit });
        const first = await page(0, 2);
        expect(first.track?.ids.map(nameOf)).toEqual(["Pagination Anthem 1", "Pagination Anthem 2"]);
        expect(first.track?.total).toBe(5);
        expect((await page(2, 2)).track?.ids.map(nameOf)).toEqual([
          "Pagination Anthem 3",
          "Pagination Anthem 4",
        ]);
        expect((await page(4, 2)).track).toEqual({ ids: [ids.page5], total: 5 });
        expect((await page(0, 0)).track).toEqual({ ids: [], total: 5 });
        expect((await page(1000, 50)).track).toEqual({ ids: [], total: 5 });
      });
    });

    describe("injection attempts", () => {
      it("reads FTS syntax, quotes and SQL in a query as plain text", async () => {
        expect(await trackNames('"shape of you"')).toEqual(["Shape of You", "Shape of You (Acoustic)"]);
        expect(await trackNames("halo*")).toEqual(["Halo"]);
        expect(await trackNames("halo')--")).toEqual(["Halo"]);
        expect(await trackNames("-acoustic shape")).toEqual(["Shape of You (Acoustic)"]);
        expect(await trackNames("perfect OR halo")).toEqual([]);
        expect(await trackNames("NEAR(perfect halo)")).toEqual([]);
        expect(await trackNames('halo" OR "1"="1')).toEqual([]);
        expect(await trackNames("halo & perfect | !shape")).toEqual([]);
        expect(await trackNames("halo:* \\ halo\u0000")).toEqual(["Halo"]);
        expect(await trackNames("halo; DROP TABLE tracks")).toEqual([]);
        const odd = [
          '"',
          "*",
          "NEAR(",
          "OR",
          "-",
          "')--",
          "; DROP TABLE tracks",
          "{name}: halo ^",
          "\\",
          ":*",
          "%_",
          "\u0000",
        ];
        for (const q of odd) await search(q, ["track", "artist", "album"]);
        expect(await trackNames("halo")).toEqual(["Halo"]);
      });

      it("matches tokens holding query syntax as text, in every part of a query", async () => {
        const phrase = (tokens: string[], prefix = false) => [{ tokens, prefix }];
        const query = (parts: Partial<SearchQuery>): SearchQuery => ({
          text: [],
          artist: [],
          album: [],
          track: [],
          genre: [],
          year: null,
          isrc: [],
          ...parts,
        });
        const injected = ["halo' | 'perfect", "halo\\' & !'x", 'halo" OR "perfect', "halo:* | perfect:*"];
        for (const token of injected) {
          expect(await trackNames(query({ text: phrase([token], true) })), token).toEqual([]);
          expect(await trackNames(query({ track: phrase([token]) })), token).toEqual([]);
          expect(await trackNames(query({ artist: phrase(["beyonce", token]) })), token).toEqual([]);
        }
        expect(await trackNames(query({ text: phrase(["halo:*A"], true) }))).toEqual([]);
        expect(await trackNames(query({ isrc: ["' OR 1=1 --"] }))).toEqual([]);
        expect(await backend.run((db) => db.suggest(["halo' | 'x"], { limit: 5 }))).toEqual([]);
      });
    });

    describe("autocomplete", () => {
      const fixtureOnly = <T extends { id: string }>(suggestions: T[]) =>
        suggestions.filter((s) => seeded.has(s.id));

      it("suggests from the first character, mixed kinds, most popular first", async () => {
        const suggestions = fixtureOnly(await suggest("s", { market: "SE" }));
        expect(suggestions.slice(0, 4)).toEqual([
          { kind: "track", id: ids.ofYou, name: "Of You I Shape" },
          // As popular as its best track: the artist comes first.
          { kind: "artist", id: ids.sheeran, name: "Ed Sheeran" },
          { kind: "track", id: ids.shape, name: "Shape of You" },
          { kind: "album", id: ids.sasha, name: "I Am... Sasha Fierce" },
        ]);
        expect(suggestions.map((s) => s.id)).toEqual(expect.arrayContaining([ids.smap, ids.synth]));
      });

      it("matches the start of any word of a name, not the middle of one", async () => {
        expect((await suggest("you")).map((s) => s.name)).toContain("Shape of You");
        expect((await suggest("hape")).map((s) => s.name)).not.toContain("Shape of You");
        expect((await suggest("shape of y")).map((s) => s.name)).toEqual([
          "Shape of You",
          "Shape of You (Acoustic)",
        ]);
      });

      it("names albums, and leaves out tracks not licensed in the market", async () => {
        expect(await suggest("divi")).toEqual([{ kind: "album", id: ids.divide, name: "Divide" }]);
        expect(await suggest("sauna", { market: "SE" })).toEqual([]);
        expect((await suggest("sauna", { market: "FI" })).map((s) => s.id)).toEqual([ids.sauna]);
        expect(await suggest("löy", { market: "SE" })).toEqual([
          { kind: "artist", id: ids.loyly, name: "Löyly" },
        ]);
      });

      it("returns at most limit suggestions, and none for no words", async () => {
        expect(await suggest("pagination", { limit: 2 })).toHaveLength(2);
        expect(await backend.run((db) => db.suggest([], { limit: 5 }))).toEqual([]);
      });
    });

    describe("keeping the index current", () => {
      it("indexes playlists created at the same moment, each once", async () => {
        const owner = await backend.run((db) => seedUser(db, { displayName: "Concurrent Curator" }));
        const lists = Array.from({ length: 6 }, (_, n) =>
          newPlaylist(owner.id, { name: `Simultaneous Saffron ${n}` }, 1_700_000_000_000),
        );
        await Promise.all(lists.map((list) => backend.run((db) => db.createPlaylist(list))));
        const hits = await search("simultaneous saffron", ["playlist"]);
        expect(hits.playlist?.ids.slice().sort()).toEqual(lists.map((list) => list.id).sort());
      });

      it("makes a track findable once its encode is published, its artist and album with it", () =>
        backend.run(async (db) => {
          const { trackId, jobId, artistId, albumId } = await seedTrack(db, {
            title: "Quasar Lullaby",
            artistName: "The Quasar Unpublished",
            albumTitle: "Quasar Nights",
            popularity: 50,
            publish: false,
          });
          const kinds: SearchKind[] = ["track", "artist", "album"];
          const totals = async (q: string) => {
            const hits = await db.searchCatalog(parseSearchQuery(q), { kinds, limit: 10, offset: 0 });
            return kinds.map((kind) => hits[kind]?.total);
          };
          expect(await totals("quasar")).toEqual([0, 0, 0]);
          await publishTrack(db, jobId, trackId);
          const hits = await db.searchCatalog(parseSearchQuery("quasar"), { kinds, limit: 10, offset: 0 });
          expect([hits.track?.ids, hits.artist?.ids, hits.album?.ids]).toEqual([
            [trackId],
            [artistId],
            [albumId],
          ]);
          expect((await db.suggest(["quasar", "unp"], { limit: 5 })).map((s) => s.id)).toEqual([artistId]);
        }));

      it("finds a show from its creation, and an episode once published", () =>
        backend.run(async (db) => {
          const show = await seedShow(db, { name: "Quiet Hours Radio" });
          const shows = await db.searchCatalog(parseSearchQuery("quiet hours"), {
            kinds: ["show", "artist"],
            limit: 10,
            offset: 0,
          });
          expect(shows).toEqual({ show: { ids: [show.show.id], total: 1 }, artist: { ids: [], total: 0 } });
          const episode = await seedEpisode(db, show, { title: "Midnight Tides", publish: false });
          const episodes = (q: string) =>
            db.searchCatalog(parseSearchQuery(q), { kinds: ["episode", "track"], limit: 10, offset: 0 });
          expect((await episodes("midnight tides")).episode?.total).toBe(0);
          await publishTrack(db, episode.jobId, episode.trackId);
          expect(await episodes("tides midnight")).toEqual({
            episode: { ids: [episode.trackId], total: 1 },
            track: { ids: [], total: 0 },
          });
          expect((await db.suggest(["quiet", "ho"], { limit: 5 })).map((s) => s.id)).toEqual([show.show.id]);
        }));

      it("finds public playlists by name and owner, never a private one, and follows renames and deletes", () =>
        backend.run(async (db) => {
          const owner = await seedUser(db, { displayName: "Marigold Curator" });
          const fan = await seedUser(db);
          const meta = { userId: owner.id, nowMs: 1_700_000_000_000 };
          const playlist = (name: string, isPublic: boolean) =>
            newPlaylist(owner.id, { name, public: isPublic }, meta.nowMs);
          const velvet = playlist("Velvet Roadtrip Anthems", true);
          const hidden = playlist("Velvet Secret Mix", false);
          const popular = playlist("Velvet Party Anthems", true);
          for (const p of [velvet, hidden, popular]) await db.createPlaylist(p);
          const found = async (q: string) =>
            (await db.searchCatalog(parseSearchQuery(q), { kinds: ["playlist"], limit: 10, offset: 0 }))
              .playlist?.ids;
          expect(await found("velvet roadtrip")).toEqual([velvet.id]);
          expect(await found("velvet secret")).toEqual([]);
          expect(await found("marigold curator")).toEqual(expect.arrayContaining([velvet.id, popular.id]));
          // Followers are a playlist's popularity.
          await db.followPlaylist(popular.id, fan.id, { public: true, nowMs: meta.nowMs });
          expect(await found("velvet anthems")).toEqual([popular.id, velvet.id]);
          await db.updatePlaylist(velvet.id, { name: "Amber Highway Anthems" }, meta);
          expect(await found("velvet roadtrip")).toEqual([]);
          expect(await found("amber highway")).toEqual([velvet.id]);
          await db.updatePlaylist(velvet.id, { public: false }, meta);
          expect(await found("amber highway")).toEqual([]);
          await db.updatePlaylist(hidden.id, { public: true }, meta);
          expect(await found("velvet secret")).toEqual([hidden.id]);
          await db.deletePlaylist(hidden.id);
          expect(await found("velvet secret")).toEqual([]);
          expect((await db.suggest(["velvet"], { limit: 5 })).map((s) => s.id)).toEqual([popular.id]);
        }));
    });
  });
}
