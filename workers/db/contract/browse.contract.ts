import { describe, expect, it } from "vitest";
import type { CatalogDb } from "../catalog-db.ts";
import type { ContractBackend } from "./backends.ts";
import {
  freshId,
  planTrackUpload,
  publishTrack,
  type SeedTrackOptions,
  seedTrack,
  seedUser,
} from "./seed.ts";

/**
 * Uploads and publishes a track by `artistName` onto `albumId`, an album of another artist
 * (a feature: the track's artist is not the album's).
 */
async function seedFeature(db: CatalogDb, albumId: string, options: SeedTrackOptions = {}) {
  const upload = await planTrackUpload(db, options);
  upload.newAlbum = undefined;
  upload.track.albumId = albumId;
  await db.createUpload(upload);
  await publishTrack(db, upload.job.id, upload.track.id);
  return upload.track;
}

/** Every page of `list`, `limit` at a time, and the totals each page reported. */
async function everyPage<T>(
  list: (page: { limit: number; offset: number }) => Promise<{ items: T[]; total: number }>,
): Promise<{ items: T[]; totals: Set<number> }> {
  const items: T[] = [];
  const totals = new Set<number>();
  for (let offset = 0; ; offset += 50) {
    const page = await list({ limit: 50, offset });
    items.push(...page.items);
    totals.add(page.total);
    if (page.items.length < 50) return { items, totals };
  }
}

/** Browsing: albums, artists, the rows behind object pages, new releases, genres, top tracks. */
export function browseContract(backend: ContractBackend): void {
  const run = backend.run.bind(backend);

  describe(`browsing albums and artists (${backend.name})`, () => {
    it("finds browsable albums with their playable tracks' count, popularity and markets", () =>
      run(async (db) => {
        const label = await seedUser(db, { role: "artist", displayName: `Label ${freshId()}` });
        const genre = `Genre ${freshId()}`;
        const first = await seedTrack(db, { uploadedBy: label.id, genre, popularity: 30, markets: ",GB," });
        const album = { artistName: first.upload.newArtist?.name, albumTitle: first.upload.newAlbum?.name };
        await seedTrack(db, { ...album, popularity: 70, markets: ",US," });
        await seedTrack(db, { ...album, popularity: 90, publish: false });
        const everywhere = await seedTrack(db, { markets: ",GB," });
        await seedTrack(db, {
          artistName: everywhere.upload.newArtist?.name,
          albumTitle: everywhere.upload.newAlbum?.name,
          markets: null,
        });
        const draft = await seedTrack(db, { publish: false });
        const ad = await seedTrack(db, { kind: "ad" });

        const found = await db.findPlayableAlbums([
          first.albumId,
          everywhere.albumId,
          draft.albumId,
          ad.albumId,
        ]);
        const byId = new Map(found.map((details) => [details.album.id, details]));
        expect([...byId.keys()].sort()).toEqual([first.albumId, everywhere.albumId].sort());
        expect(byId.get(first.albumId)).toEqual({
          album: first.upload.newAlbum,
          artist: first.upload.newArtist,
          genre,
          label: label.displayName,
          totalTracks: 2,
          popularity: 70,
          markets: ",GB,US,",
        });
        expect(byId.get(everywhere.albumId)).toMatchObject({
          totalTracks: 2,
          markets: null,
          genre: null,
          label: null,
        });
        expect(await db.findPlayableAlbums([])).toEqual([]);
      }));

    it("finds browsable artists with their genres by name and their followers", () =>
      run(async (db) => {
        const [beta, alpha] = [`Beta ${freshId()}`, `Alpha ${freshId()}`];
        const artist = await seedTrack(db, { genre: beta });
        await seedTrack(db, { artistName: artist.upload.newArtist?.name, genre: alpha });
        const draft = await seedTrack(db, { publish: false });
        const ad = await seedTrack(db, { kind: "ad" });
        for (const user of [await seedUser(db), await seedUser(db)]) {
          await db.saveLibraryItems(user.id, "artist", [artist.artistId], 1_000);
        }
        const found = await db.findPlayableArtists([artist.artistId, draft.artistId, ad.artistId, freshId()]);
        expect(found).toEqual([{ artist: artist.upload.newArtist, genres: [alpha, beta], followers: 2 }]);
        expect(await db.findPlayableArtists([])).toEqual([]);
      }));

    it("finds an album or artist of any kind by id, for its image", () =>
      run(async (db) => {
        const ad = await seedTrack(db, { kind: "ad", publish: false });
        expect(await db.findAlbumById(ad.albumId)).toEqual(ad.upload.newAlbum);
        expect(await db.findArtistById(ad.artistId)).toEqual(ad.upload.newArtist);
        expect(await db.findAlbumById(freshId())).toBeNull();
        expect(await db.findArtistById(freshId())).toBeNull();
      }));
  });

  describe(`object rows (${backend.name})`, () => {
    it("finds the tracks, albums, artists and track artists behind a page of objects", () =>
      run(async (db) => {
        const main = await seedTrack(db, { genre: `Genre ${freshId()}`, markets: ",GB," });
        const feature = await seedFeature(db, main.albumId, { markets: ",US," });
        const unpublished = await seedTrack(db, { publish: false });
        const other = await seedTrack(db, { markets: ",DE," });
        const quiet = await seedTrack(db, { publish: false });

        const rows = await db.findObjectRows({
          trackIds: [main.trackId, feature.id, unpublished.trackId, freshId()],
          albumIds: [other.albumId],
          artistIds: [main.artistId, quiet.artistId],
        });
        expect(rows.tracks.map((track) => track.id).sort()).toEqual([main.trackId, feature.id].sort());
        // An album's statistics hold for every market.
        expect(
          rows.albums
            .map(({ album, artist, totalTracks, markets }) => ({
              id: album.id,
              artist: artist.id,
              totalTracks,
              markets,
            }))
            .sort((a, b) => a.id.localeCompare(b.id)),
        ).toEqual(
          [
            { id: main.albumId, artist: main.artistId, totalTracks: 2, markets: ",GB,US," },
            { id: other.albumId, artist: other.artistId, totalTracks: 1, markets: ",DE," },
          ].sort((a, b) => a.id.localeCompare(b.id)),
        );
        expect(rows.artists).toEqual([
          { artist: main.upload.newArtist, genres: [main.upload.newGenre?.name], followers: 0 },
        ]);
        expect(rows.trackArtists.map((artist) => artist.id)).toEqual(
          expect.arrayContaining([main.artistId, feature.artistId, other.artistId]),
        );
      }));

    it("finds no albums when only artists are asked for, and nothing for nothing", () =>
      run(async (db) => {
        const seeded = await seedTrack(db);
        const rows = await db.findObjectRows({ trackIds: [], albumIds: [], artistIds: [seeded.artistId] });
        expect(rows).toMatchObject({ tracks: [], albums: [], trackArtists: [] });
        expect(rows.artists.map((details) => details.artist.id)).toEqual([seeded.artistId]);
        expect(await db.findObjectRows({ trackIds: [], albumIds: [], artistIds: [] })).toEqual({
          tracks: [],
          albums: [],
          artists: [],
          trackArtists: [],
        });
      }));
  });

  describe(`new releases and an artist's albums (${backend.name})`, () => {
    it("lists new releases newest first within the window", () =>
      run(async (db) => {
        // Dates after any other contract's, so these are the newest releases.
        const released = (day: string, publish = true) =>
          seedTrack(db, { releaseDate: `9999-12-${day}`, publish, genre: `Genre ${freshId()}` });
        const oldest = await released("01");
        const newest = await released("03");
        const middle = await released("02");
        await released("04", false);

        const first = await db.listNewReleases({ limit: 2, offset: 0, window: 3 });
        expect(first.total).toBe(3);
        expect(first.items.map((details) => details.album.id)).toEqual([newest.albumId, middle.albumId]);
        expect(first.items[0]).toMatchObject({
          genre: newest.upload.newGenre?.name,
          totalTracks: 1,
          markets: null,
        });
        const rest = await db.listNewReleases({ limit: 5, offset: 2, window: 3 });
        expect(rest).toMatchObject({ total: 3, items: [{ album: { id: oldest.albumId } }] });
        expect(await db.listNewReleases({ limit: 5, offset: 3, window: 3 })).toEqual({ items: [], total: 3 });
        const wide = await db.listNewReleases({ limit: 3, offset: 0, window: 1000 });
        expect(wide.total).toBeGreaterThanOrEqual(3);
        expect(wide.items.map((details) => details.album.id)).toEqual([
          newest.albumId,
          middle.albumId,
          oldest.albumId,
        ]);
      }));

    it("lists an artist's albums by group, newest release first, in a market", () =>
      run(async (db) => {
        const artistName = `Artist ${freshId()}`;
        const album = (albumTitle: string, options: SeedTrackOptions) =>
          seedTrack(db, { artistName, albumTitle, ...options });
        const old = await album("Old", { albumType: "album", releaseDate: "2001-01-01" });
        const single = await album("Single", { albumType: "single", releaseDate: "2005-01-01" });
        const compilation = await album("Compilation", { albumType: "compilation", releaseDate: null });
        const usOnly = await album("US only", {
          albumType: "album",
          releaseDate: "2010-01-01",
          markets: ",US,",
        });
        await album("Draft", { albumType: "album", releaseDate: "2020-01-01", publish: false });
        const host = await seedTrack(db, { releaseDate: "2003-01-01" });
        await seedFeature(db, host.albumId, { artistName });
        const artistId = old.artistId;
        const all = ["album", "single", "compilation", "appears_on"] as const;

        const everything = await db.listArtistAlbums(artistId, { groups: [...all], limit: 10, offset: 0 });
        expect(everything.total).toBe(5);
        expect(everything.items.map((details) => [details.album.id, details.group])).toEqual([
          [usOnly.albumId, "album"],
          [single.albumId, "single"],
          [host.albumId, "appears_on"],
          [old.albumId, "album"],
          [compilation.albumId, "compilation"],
        ]);
        // The host album's statistics count every playable track on it, not only the artist's.
        expect(everything.items[2]).toMatchObject({ artist: { id: host.artistId }, totalTracks: 2 });

        const inGb = await db.listArtistAlbums(artistId, {
          groups: [...all],
          market: "GB",
          limit: 10,
          offset: 0,
        });
        expect(inGb.total).toBe(4);
        expect(inGb.items.map((details) => details.album.id)).not.toContain(usOnly.albumId);
        const page = await db.listArtistAlbums(artistId, { groups: [...all], limit: 2, offset: 1 });
        expect(page.total).toBe(5);
        expect(page.items.map((details) => details.album.id)).toEqual([single.albumId, host.albumId]);

        const appearsOn = await db.listArtistAlbums(artistId, {
          groups: ["appears_on"],
          limit: 10,
          offset: 0,
        });
        expect(appearsOn).toMatchObject({
          total: 1,
          items: [{ album: { id: host.albumId }, group: "appears_on" }],
        });
        const singles = await db.listArtistAlbums(artistId, { groups: ["single"], limit: 10, offset: 0 });
        expect(singles).toMatchObject({
          total: 1,
          items: [{ album: { id: single.albumId }, group: "single" }],
        });
        expect(await db.listArtistAlbums(artistId, { groups: [], limit: 10, offset: 0 })).toEqual({
          items: [],
          total: 0,
        });
        // The host's own artist does not appear on its own album.
        const hostAlbums = await db.listArtistAlbums(host.artistId, {
          groups: [...all],
          limit: 10,
          offset: 0,
        });
        expect(hostAlbums.items.map((details) => [details.album.id, details.group])).toEqual([
          [host.albumId, "album"],
        ]);
      }));
  });

  describe(`genres (${backend.name})`, () => {
    it("lists and finds only genres that have a browsable album, by name", () =>
      run(async (db) => {
        const browsable = await seedTrack(db, { genre: `Genre ${freshId()}` });
        const unpublished = await seedTrack(db, { genre: `Genre ${freshId()}`, publish: false });
        // A genre only linked to an artist (its album has another) is no browse category.
        const artistOnly = await seedTrack(db, {
          artistName: browsable.upload.newArtist?.name,
          albumTitle: browsable.upload.newAlbum?.name,
          genre: `Genre ${freshId()}`,
        });
        const genre = browsable.upload.newGenre;
        if (!genre || !unpublished.upload.newGenre || !artistOnly.upload.newGenre)
          throw new Error("expected genres");
        expect(await db.findBrowsableGenre(genre.id)).toEqual(genre);
        expect(await db.findBrowsableGenre(unpublished.upload.newGenre.id)).toBeNull();
        expect(await db.findBrowsableGenre(artistOnly.upload.newGenre.id)).toBeNull();
        expect(await db.findBrowsableGenre(freshId())).toBeNull();

        const { items, totals } = await everyPage((page) => db.listBrowsableGenres(page));
        expect([...totals]).toEqual([items.length]);
        const ids = items.map((item) => item.id);
        expect(ids).toContain(genre.id);
        expect(ids).not.toContain(unpublished.upload.newGenre.id);
        expect(ids).not.toContain(artistOnly.upload.newGenre.id);
        const names = items.map((item) => item.name);
        expect(names).toEqual([...names].sort());
      }));
  });

  describe(`album and top tracks (${backend.name})`, () => {
    it("lists an album's playable music in disc and track order, a page at a time", () =>
      run(async (db) => {
        const first = await seedTrack(db, { discNumber: 2, trackNumber: 1 });
        const on = { artistName: first.upload.newArtist?.name, albumTitle: first.upload.newAlbum?.name };
        const second = await seedTrack(db, { ...on, discNumber: 1, trackNumber: 2 });
        const third = await seedTrack(db, { ...on, discNumber: 1, trackNumber: 1 });
        await seedTrack(db, { ...on, discNumber: 1, trackNumber: 3, publish: false });
        const ids = (tracks: { id: string }[]) => tracks.map((track) => track.id);
        expect(ids(await db.listPlayableAlbumTracks(first.albumId))).toEqual([
          third.trackId,
          second.trackId,
          first.trackId,
        ]);
        expect(ids(await db.listPlayableAlbumTracks(first.albumId, { limit: 1, offset: 1 }))).toEqual([
          second.trackId,
        ]);
        expect(await db.listPlayableAlbumTracks(freshId())).toEqual([]);
      }));

    it("lists an artist's most played tracks, then the most popular, in a market", () =>
      run(async (db) => {
        const user = await seedUser(db);
        const rarely = await seedTrack(db, { popularity: 90 });
        const by = { artistName: rarely.upload.newArtist?.name };
        const often = await seedTrack(db, { ...by, popularity: 10 });
        const once = await seedTrack(db, { ...by, popularity: 50, markets: ",US," });
        await seedTrack(db, { ...by, popularity: 100, publish: false });
        const play = (trackId: string) =>
          db.countPlay({ eventId: freshId(), userId: user.id, trackId, playedAt: 1_000 });
        await play(often.trackId);
        await play(often.trackId);
        await play(once.trackId);
        const ids = (tracks: { id: string }[]) => tracks.map((track) => track.id);
        expect(ids(await db.listArtistTopTracks(rarely.artistId, 10))).toEqual([
          often.trackId,
          once.trackId,
          rarely.trackId,
        ]);
        expect(ids(await db.listArtistTopTracks(rarely.artistId, 2))).toEqual([often.trackId, once.trackId]);
        expect(ids(await db.listArtistTopTracks(rarely.artistId, 10, "GB"))).toEqual([
          often.trackId,
          rarely.trackId,
        ]);
      }));
  });
}
