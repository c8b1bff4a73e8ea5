import { describe, expect, it } from "vitest";
import type { CatalogDb, LyricsRow, RefreshTokenRow } from "../catalog-db.ts";
import type { ContractBackend } from "./backends.ts";
import {
  encodeRow,
  freshId,
  planTrackUpload,
  publishTrack,
  renditionRows,
  seedEpisode,
  seedShow,
  seedTrack,
  seedUser,
} from "./seed.ts";

/**
 * Runs `use` in `requests` requests at once. Each first makes one query (so it holds an open
 * connection), then all go together, so their statements really overlap on Postgres.
 */
async function racing<T>(
  backend: ContractBackend,
  requests: number,
  use: (db: CatalogDb) => Promise<T>,
): Promise<T[]> {
  let connected = 0;
  let allConnected = () => {};
  const together = new Promise<void>((resolve) => {
    allConnected = resolve;
  });
  return Promise.all(
    Array.from({ length: requests }, () =>
      backend.run(async (db) => {
        await db.findUserById("");
        if (++connected === requests) allConnected();
        await together;
        return use(db);
      }),
    ),
  );
}

/** Users, tokens, ingest, transcode jobs, plays, ads, podcasts, lyrics and playback. */
export function coreContract(backend: ContractBackend): void {
  const run = backend.run.bind(backend);

  describe(`users and refresh tokens (${backend.name})`, () => {
    it("creates a user once per email and finds it by email and id", () =>
      run(async (db) => {
        const user = await seedUser(db, { role: "artist", product: "premium" });
        expect(await db.createUser({ ...user, id: freshId() })).toBe(false);
        expect(await db.findUserByEmail(user.email)).toEqual(user);
        expect(await db.findUserById(user.id)).toEqual(user);
        expect(await db.findUserById(freshId())).toBeNull();
      }));

    it("changes a user's role and product, or returns it unchanged when asked for nothing", () =>
      run(async (db) => {
        const user = await seedUser(db);
        expect(await db.updateUserAccess(user.email, {})).toEqual(user);
        expect(await db.updateUserAccess(user.email, { role: "admin" })).toEqual({ ...user, role: "admin" });
        expect(await db.updateUserAccess(user.email, { product: "premium" })).toEqual({
          ...user,
          role: "admin",
          product: "premium",
        });
        expect(await db.updateUserAccess(`${freshId()}@example.test`, { role: "admin" })).toBeNull();
      }));

    it("spends a refresh token once and revokes a whole family", () =>
      run(async (db) => {
        const user = await seedUser(db);
        const familyId = freshId();
        const token = (id: string): RefreshTokenRow => ({
          id,
          userId: user.id,
          familyId,
          secretHash: `hash-${id}`,
          expiresAt: 1_900_000_000_000,
          usedAt: null,
          revokedAt: null,
          createdAt: 1_800_000_000_000,
        });
        const first = token(freshId());
        const second = token(freshId());
        await db.insertRefreshToken(first);
        await db.insertRefreshToken(second);
        expect(await db.findRefreshToken(first.id)).toEqual(first);
        expect(await db.spendRefreshToken(first.id, 1_800_000_000_500)).toBe(true);
        expect(await db.spendRefreshToken(first.id, 1_800_000_000_600)).toBe(false);
        expect((await db.findRefreshToken(first.id))?.usedAt).toBe(1_800_000_000_500);

        await db.revokeRefreshFamily(familyId, 1_800_000_001_000);
        expect((await db.findRefreshToken(first.id))?.revokedAt).toBe(1_800_000_001_000);
        expect((await db.findRefreshToken(second.id))?.revokedAt).toBe(1_800_000_001_000);
        expect(await db.spendRefreshToken(second.id, 1_800_000_002_000)).toBe(false);
        expect(await db.findRefreshToken(freshId())).toBeNull();
      }));

    it("lets only one of two racing rotations spend a token", async () => {
      const user = await run((db) => seedUser(db));
      const id = freshId();
      await run((db) =>
        db.insertRefreshToken({
          id,
          userId: user.id,
          familyId: freshId(),
          secretHash: "h",
          expiresAt: 1_900_000_000_000,
          usedAt: null,
          revokedAt: null,
          createdAt: 1_800_000_000_000,
        }),
      );
      const spent = await racing(backend, 2, (db) => db.spendRefreshToken(id, 1));
      expect(spent.filter(Boolean)).toHaveLength(1);
    });
  });

  describe(`uploads and transcode jobs (${backend.name})`, () => {
    it("creates an upload's rows, finds them by name key, and deletes them again", () =>
      run(async (db) => {
        const user = await seedUser(db, { role: "artist" });
        const seeded = await seedTrack(db, {
          publish: false,
          uploadedBy: user.id,
          genre: `Genre ${freshId()}`,
        });
        const { upload } = seeded;
        const artist = upload.newArtist;
        const album = upload.newAlbum;
        if (!artist || !album) throw new Error("expected a new artist and album");
        expect(await db.findArtistByNameKey(artist.nameKey)).toEqual(artist);
        expect(await db.findAlbumByNameKey(artist.id, album.nameKey)).toEqual(album);
        expect(await db.findAlbumByNameKey(freshId(), album.nameKey)).toBeNull();
        expect(await db.findTrackDetails(seeded.trackId)).toEqual({ track: upload.track, album, artist });
        expect(await db.findJob(seeded.jobId)).toEqual(upload.job);

        await db.deleteUpload(upload);
        expect(await db.findTrackDetails(seeded.trackId)).toBeNull();
        expect(await db.findJob(seeded.jobId)).toBeNull();
        expect(await db.findArtistById(artist.id)).toBeNull();
        expect(await db.findAlbumById(album.id)).toBeNull();
      }));

    it("writes nothing of an upload whose new artist's name is taken", () =>
      run(async (db) => {
        const taken = (await seedTrack(db, { publish: false })).upload.newArtist;
        const clash = await planTrackUpload(db, { genre: `Genre ${freshId()}` });
        if (!taken || !clash.newArtist) throw new Error("expected new artists");
        clash.newArtist.nameKey = taken.nameKey;
        await expect(db.createUpload(clash)).rejects.toThrow();
        expect(await db.findTrackDetails(clash.track.id)).toBeNull();
        expect(await db.findJob(clash.job.id)).toBeNull();
        expect(await db.findArtistById(clash.newArtist.id)).toBeNull();
        expect(await db.findAlbumById(clash.track.albumId)).toBeNull();
      }));

    it("runs attempts: progress for the current one only, failure, retry, then publish", () =>
      run(async (db) => {
        const seeded = await seedTrack(db, { publish: false });
        const { jobId, trackId } = seeded;
        expect(await db.startJobAttempt(freshId(), freshId(), 1)).toBeNull();

        const firstEncode = freshId();
        const before = await db.startJobAttempt(jobId, firstEncode, 2_000);
        expect(before).toEqual(seeded.upload.job);
        expect(await db.findJob(jobId)).toMatchObject({
          status: "running",
          encodeId: firstEncode,
          attempts: 1,
          progress: 0,
          updatedAt: 2_000,
        });
        expect((await db.findJobByEncodeId(firstEncode))?.id).toBe(jobId);
        expect(await db.updateJobProgress(jobId, firstEncode, 0.5, 2_100)).toBe(true);
        expect(await db.updateJobProgress(jobId, freshId(), 0.6, 2_200)).toBe(false);
        expect((await db.findJob(jobId))?.progress).toBe(0.5);

        await db.failJob(jobId, "ffmpeg exited 1", 2_300);
        expect(await db.findJob(jobId)).toMatchObject({ status: "failed", error: "ffmpeg exited 1" });
        expect(await db.updateJobProgress(jobId, firstEncode, 0.7, 2_400)).toBe(false);

        const secondEncode = freshId();
        expect((await db.startJobAttempt(jobId, secondEncode, 3_000))?.status).toBe("failed");
        expect(await db.findJob(jobId)).toMatchObject({
          status: "running",
          encodeId: secondEncode,
          attempts: 2,
          error: null,
          progress: 0,
        });
        expect(await db.findPlayableTracks([trackId])).toEqual([]);

        await db.publishEncode(
          jobId,
          encodeRow(secondEncode, trackId, jobId, 4_000),
          renditionRows(secondEncode),
          4_000,
        );
        expect(await db.findJob(jobId)).toMatchObject({
          status: "succeeded",
          progress: 1,
          error: null,
          encodeId: secondEncode,
          updatedAt: 4_000,
        });
        expect((await db.findPlayableTracks([trackId])).map((t) => t.currentEncodeId)).toEqual([
          secondEncode,
        ]);

        // A finished job stays finished.
        const done = await db.findJob(jobId);
        expect(await db.startJobAttempt(jobId, freshId(), 5_000)).toEqual(done);
        await db.failJob(jobId, "late", 5_100);
        expect(await db.findJob(jobId)).toEqual(done);
      }));

    it("flips the current encode on a new publish and keeps the old renditions findable", () =>
      run(async (db) => {
        const seeded = await seedTrack(db);
        const oldEncode = seeded.encodeId ?? "";
        const newEncode = freshId();
        await db.publishEncode(
          seeded.jobId,
          encodeRow(newEncode, seeded.trackId, seeded.jobId, 9_000),
          renditionRows(newEncode),
          9_000,
        );
        const playback = await db.findPlayback(seeded.trackId);
        expect(playback?.encode.id).toBe(newEncode);
        expect(await db.findRenditions(seeded.trackId, oldEncode)).toHaveLength(2);
      }));

    it("publishes nothing when one of the renditions cannot be written", () =>
      run(async (db) => {
        const seeded = await seedTrack(db, { publish: false });
        const encodeId = freshId();
        await db.startJobAttempt(seeded.jobId, encodeId, 1_000);
        const rows = renditionRows(encodeId);
        const twice = [...rows, ...rows.slice(0, 1)];
        const encode = encodeRow(encodeId, seeded.trackId, seeded.jobId, 2_000);
        await expect(db.publishEncode(seeded.jobId, encode, twice, 2_000)).rejects.toThrow();
        expect(await db.findPlayback(seeded.trackId)).toBeNull();
        expect(await db.findRenditions(seeded.trackId, encodeId)).toEqual([]);
        expect(await db.findPlayableTracks([seeded.trackId])).toEqual([]);
        expect((await db.findJob(seeded.jobId))?.status).toBe("running");
      }));
  });

  describe(`plays (${backend.name})`, () => {
    it("counts a play once per event id, for the track and the user's artist affinity", () =>
      run(async (db) => {
        const user = await seedUser(db);
        const track = await seedTrack(db);
        const other = await seedTrack(db, { artistName: track.upload.newArtist?.name });
        expect(await db.findTrackPlays(track.trackId)).toBe(0);
        expect(await db.findArtistAffinity(user.id, track.artistId)).toBe(0);

        const play = { eventId: freshId(), userId: user.id, trackId: track.trackId, playedAt: 1_000 };
        expect(await db.countPlay(play)).toBe(true);
        expect(await db.countPlay(play)).toBe(false);
        expect(await db.countPlay({ ...play, eventId: freshId(), playedAt: 500 })).toBe(true);
        expect(
          await db.countPlay({
            eventId: freshId(),
            userId: user.id,
            trackId: other.trackId,
            playedAt: 2_000,
          }),
        ).toBe(true);
        expect(await db.findTrackPlays(track.trackId)).toBe(2);
        expect(await db.findTrackPlays(other.trackId)).toBe(1);
        expect(await db.findArtistAffinity(user.id, track.artistId)).toBe(3);
      }));

    it("counts nothing for a track that does not exist", () =>
      run(async (db) => {
        const user = await seedUser(db);
        const trackId = freshId();
        expect(await db.countPlay({ eventId: freshId(), userId: user.id, trackId, playedAt: 1 })).toBe(false);
        expect(await db.findTrackPlays(trackId)).toBe(0);
      }));

    it("counts two concurrent deliveries of the same event once", async () => {
      const user = await run((db) => seedUser(db));
      const track = await run((db) => seedTrack(db));
      // Played before: the counters exist, so the deliveries race on updating them.
      const earlier = { eventId: freshId(), userId: user.id, trackId: track.trackId, playedAt: 500 };
      await run((db) => db.countPlay(earlier));
      const play = { ...earlier, eventId: freshId(), playedAt: 1_000 };
      const counted = await racing(backend, 3, (db) => db.countPlay(play));
      expect(counted.filter(Boolean)).toHaveLength(1);
      await run(async (db) => {
        expect(await db.findTrackPlays(track.trackId)).toBe(2);
        expect(await db.findArtistAffinity(user.id, track.artistId)).toBe(2);
      });
    });
  });

  describe(`ads (${backend.name})`, () => {
    it("schedules active, published ads that may play in the country, oldest first", () =>
      run(async (db) => {
        const everywhere = await seedTrack(db, { kind: "ad", durationMs: 15_000 });
        const gbOnly = await seedTrack(db, { kind: "ad", markets: ",GB,", durationMs: 20_000 });
        const unpublished = await seedTrack(db, { kind: "ad", publish: false });
        const ours = (ads: { adId: string }[]) =>
          ads.filter((ad) => [everywhere, gbOnly, unpublished].some((seeded) => seeded.adId === ad.adId));

        expect(ours(await db.listActiveAds("GB"))).toEqual([
          { adId: everywhere.adId, trackId: everywhere.trackId, durationMs: 15_000 },
          { adId: gbOnly.adId, trackId: gbOnly.trackId, durationMs: 20_000 },
        ]);
        expect(ours(await db.listActiveAds("US")).map((ad) => ad.adId)).toEqual([everywhere.adId]);

        const paused = await db.setAdActive(everywhere.adId ?? "", false);
        expect(paused).toMatchObject({ id: everywhere.adId, active: false });
        expect(ours(await db.listActiveAds("GB")).map((ad) => ad.adId)).toEqual([gbOnly.adId]);
        expect(await db.setAdActive(freshId(), true)).toBeNull();

        const listed = (await db.listAds()).filter((row) => row.ad.id === everywhere.adId);
        expect(listed).toEqual([{ ad: paused, track: expect.objectContaining({ id: everywhere.trackId }) }]);
        expect(await db.findAdByTrackId(gbOnly.trackId)).toMatchObject({ id: gbOnly.adId, impressions: 0 });
        expect(await db.findAdByTrackId(freshId())).toBeNull();
        // Ads are never music.
        expect(await db.findPlayableTracks([gbOnly.trackId])).toEqual([]);
        expect(await db.findPlayableTracks([gbOnly.trackId], ["ad"])).toHaveLength(1);
      }));

    it("counts an ad impression once per event id", () =>
      run(async (db) => {
        const user = await seedUser(db);
        const ad = await seedTrack(db, { kind: "ad" });
        const impression = { eventId: freshId(), userId: user.id, trackId: ad.trackId, playedAt: 1_000 };
        expect(await db.countAdImpression(impression)).toBe(true);
        expect(await db.countAdImpression(impression)).toBe(false);
        expect(await db.countAdImpression({ ...impression, eventId: freshId() })).toBe(true);
        expect((await db.findAdByTrackId(ad.trackId))?.impressions).toBe(2);
        const music = await seedTrack(db);
        expect(
          await db.countAdImpression({ ...impression, eventId: freshId(), trackId: music.trackId }),
        ).toBe(false);
      }));
  });

  describe(`podcasts (${backend.name})`, () => {
    it("creates shows and lists them by name, for their manager or for everyone", () =>
      run(async (db) => {
        const manager = await seedUser(db, { role: "artist" });
        const publisher = `Publisher ${freshId()}`;
        const b = await seedShow(db, { name: `B ${freshId()}`, publisher, managedBy: manager.id });
        const a = await seedShow(db, { name: `A ${freshId()}`, publisher, managedBy: manager.id });
        expect(a.artist.id).toBe(b.artist.id);
        expect(a.album).toMatchObject({ id: a.show.id, kind: "podcast" });
        expect(await db.findShow(freshId())).toBeNull();
        expect((await db.findShows([a.show.id, freshId(), b.show.id])).map((d) => d.show.id).sort()).toEqual(
          [a.show.id, b.show.id].sort(),
        );
        expect(await db.findShows([])).toEqual([]);
        expect(await db.listShows(manager.id)).toEqual([a, b]);
        const everyone = (await db.listShows(null)).map((d) => d.show.id);
        expect(everyone).toEqual(expect.arrayContaining([a.show.id, b.show.id]));
      }));

    it("lists a show's playable episodes newest first, pages them and counts them", () =>
      run(async (db) => {
        const show = await seedShow(db);
        const empty = await seedShow(db);
        const old = await seedEpisode(db, show, { releaseDate: "2024-01-01" });
        const newest = await seedEpisode(db, show, { releaseDate: "2024-03-01" });
        const middle = await seedEpisode(db, show, { releaseDate: "2024-02-01" });
        const draft = await seedEpisode(db, show, { releaseDate: "2024-04-01", publish: false });

        const all = await db.listShowEpisodes(show, { limit: 10, offset: 0 });
        expect(all.total).toBe(3);
        expect(all.items.map((item) => item.episode.id)).toEqual([
          newest.trackId,
          middle.trackId,
          old.trackId,
        ]);
        expect(all.items[0]).toMatchObject({ show, track: { id: newest.trackId, kind: "episode" } });
        const page = await db.listShowEpisodes(show, { limit: 1, offset: 1 });
        expect(page).toMatchObject({ total: 3, items: [{ episode: { id: middle.trackId } }] });

        const counts = await db.countPlayableEpisodes([show.show.id, empty.show.id]);
        expect([...counts]).toEqual([[show.show.id, 3]]);
        expect(await db.countPlayableEpisodes([])).toEqual(new Map());

        expect(await db.findEpisode(draft.trackId)).toBeNull();
        const found = await db.findEpisode(old.trackId);
        expect(found).toMatchObject({ episode: { id: old.trackId, showId: show.show.id }, show });
        expect((await db.findEpisodes([old.trackId, draft.trackId, newest.trackId])).length).toBe(2);
        // Episodes are not music.
        expect(await db.findPlayableTracks([old.trackId])).toEqual([]);
        expect(await db.findPlayableTracks([old.trackId], ["episode"])).toHaveLength(1);
      }));
  });

  describe(`catalog reads, lyrics and playback (${backend.name})`, () => {
    it("pages playable music by artist, album, disc and track, counting only playable music", () =>
      run(async (db) => {
        const before = (await db.listPlayableTracks({ limit: 1, offset: 0 })).total;
        const artistName = `  ${freshId()}`; // sorts before every "Artist …" the seeds make
        const second = await seedTrack(db, { artistName, albumTitle: "Same", trackNumber: 2 });
        const first = await seedTrack(db, { artistName, albumTitle: "Same", trackNumber: 1 });
        await seedTrack(db, { artistName, publish: false });
        await seedTrack(db, { kind: "ad" });
        const page = await db.listPlayableTracks({ limit: 2, offset: 0 });
        expect(page.total).toBe(before + 2);
        expect(page.items.map((item) => item.track.id)).toEqual([first.trackId, second.trackId]);
        expect(page.items[0]).toMatchObject({ album: { id: first.albumId }, artist: { id: first.artistId } });
        expect((await db.listPlayableTracks({ limit: 1, offset: 1 })).items[0]?.track.id).toBe(
          second.trackId,
        );
        expect(await db.findTrackDetails(freshId())).toBeNull();
        expect(await db.findPlayableTracks([])).toEqual([]);
      }));

    it("saves, replaces and deletes a track's lyrics", () =>
      run(async (db) => {
        const user = await seedUser(db);
        const lyrics = (trackId: string, text: string): LyricsRow => ({
          trackId,
          synced: true,
          lines: JSON.stringify([{ start_ms: 0, text }]),
          language: "en",
          updatedBy: user.id,
          updatedAt: 1_000,
        });
        const seeded = await seedTrack(db);
        expect(await db.findLyrics(seeded.trackId)).toBeNull();
        await db.saveLyrics(lyrics(seeded.trackId, "first"));
        expect(await db.findLyrics(seeded.trackId)).toEqual(lyrics(seeded.trackId, "first"));
        const plain = {
          ...lyrics(seeded.trackId, "second"),
          synced: false,
          language: null,
          updatedAt: 2_000,
        };
        await db.saveLyrics(plain);
        expect(await db.findLyrics(seeded.trackId)).toEqual(plain);
        expect(await db.deleteLyrics(seeded.trackId)).toBe(true);
        expect(await db.deleteLyrics(seeded.trackId)).toBe(false);
        expect(await db.findLyrics(seeded.trackId)).toBeNull();

        // Lyrics sent with an upload are stored with it.
        const upload = await planTrackUpload(db);
        upload.lyrics = lyrics(upload.track.id, "uploaded");
        await db.createUpload(upload);
        expect(await db.findLyrics(upload.track.id)).toEqual(upload.lyrics);
      }));

    it("finds what the stream edge needs: markets, the current encode and its renditions", () =>
      run(async (db) => {
        const seeded = await seedTrack(db, { markets: ",DE,GB," });
        const playback = await db.findPlayback(seeded.trackId);
        expect(playback).toMatchObject({
          trackId: seeded.trackId,
          kind: "music",
          markets: ",DE,GB,",
          encode: {
            id: seeded.encodeId,
            trackId: seeded.trackId,
            jobId: seeded.jobId,
            integratedLufs: -14.2,
          },
        });
        expect(playback?.renditions.map((r) => r.quality).sort()).toEqual(["high", "low"]);
        expect(playback?.renditions).toEqual(
          expect.arrayContaining(renditionRows(seeded.encodeId ?? "").map((r) => expect.objectContaining(r))),
        );
        const unpublished = await seedTrack(db, { publish: false });
        expect(await db.findPlayback(unpublished.trackId)).toBeNull();
        expect(await db.findPlayback(freshId())).toBeNull();
        // Renditions belong to their own track's encodes only.
        expect(await db.findRenditions(unpublished.trackId, seeded.encodeId ?? "")).toEqual([]);
        expect(await db.findRenditions(seeded.trackId, freshId())).toEqual([]);
        // Another attempt's publish.
        const republished = await publishTrack(db, unpublished.jobId, unpublished.trackId);
        expect((await db.findPlayback(unpublished.trackId))?.encode.id).toBe(republished);
      }));
  });
}
