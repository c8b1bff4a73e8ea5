import { describe, expect, it } from "vitest";
import type { CatalogDb } from "../catalog-db.ts";
import type { LibraryKind } from "../library-db.ts";
import type { ContractBackend } from "./backends.ts";
import { freshId, publishTrack, seedShow, seedTrack, seedUser } from "./seed.ts";

const NOW = 1_700_000_000_000;

/** The item ids of one page of a user's library, with its total. */
async function listed(
  db: CatalogDb,
  userId: string,
  kind: LibraryKind,
  page = { limit: 50, offset: 0 },
): Promise<{ ids: string[]; total: number }> {
  const { items, total } = await db.listLibraryItems(userId, kind, page);
  return { ids: items.map((item) => item.itemId), total };
}

/** `ids` most recently saved first as the library orders them: by `saved_at`, then id, both descending. */
const byIdDescending = (ids: string[]) => [...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));

const waitAMillisecond = () => new Promise((resolve) => setTimeout(resolve, 2));

export function libraryContract(backend: ContractBackend): void {
  describe(`library (${backend.name})`, () => {
    const run = backend.run.bind(backend);

    it("saves available tracks once, keeping the first saved_at, and skips the rest", async () => {
      await run(async (db) => {
        const user = await seedUser(db);
        const [a, b, c] = [await seedTrack(db), await seedTrack(db), await seedTrack(db)];
        const unpublished = await seedTrack(db, { publish: false });
        const missing = freshId();

        await db.saveLibraryItems(
          user.id,
          "track",
          [a.trackId, b.trackId, unpublished.trackId, missing],
          NOW,
        );
        await db.saveLibraryItems(user.id, "track", [b.trackId, c.trackId], NOW + 10);
        await db.saveLibraryItems(user.id, "track", [], NOW + 20);
        expect(
          await db.findLibraryItemIds(user.id, "track", [
            a.trackId,
            b.trackId,
            c.trackId,
            unpublished.trackId,
            missing,
          ]),
        ).toEqual(new Set([a.trackId, b.trackId, c.trackId]));
        expect(await db.findLibraryItemIds(user.id, "track", [])).toEqual(new Set());
        // Saved as tracks, not as albums.
        expect(await db.findLibraryItemIds(user.id, "album", [a.trackId])).toEqual(new Set());

        const page = await db.listLibraryItems(user.id, "track", { limit: 50, offset: 0 });
        expect(page.total).toBe(3);
        expect(page.items).toEqual([
          { userId: user.id, kind: "track", itemId: c.trackId, savedAt: NOW + 10 },
          ...byIdDescending([a.trackId, b.trackId]).map((itemId) => ({
            userId: user.id,
            kind: "track",
            itemId,
            savedAt: NOW,
          })),
        ]);
        expect(await listed(db, user.id, "track", { limit: 1, offset: 1 })).toEqual({
          ids: [page.items[1]?.itemId],
          total: 3,
        });

        await db.removeLibraryItems(user.id, "track", [a.trackId, missing]);
        await db.removeLibraryItems(user.id, "track", []);
        expect(await listed(db, user.id, "track")).toEqual({ ids: [c.trackId, b.trackId], total: 2 });
        expect(await listed(db, (await seedUser(db)).id, "track")).toEqual({ ids: [], total: 0 });
      });
    });

    it("saves albums, shows and follows of artists and users only when they are available", async () => {
      await run(async (db) => {
        const [user, friend] = [await seedUser(db), await seedUser(db)];
        const playable = await seedTrack(db);
        const unplayable = await seedTrack(db, { publish: false });
        const show = await seedShow(db);

        await db.saveLibraryItems(
          user.id,
          "album",
          [playable.albumId, unplayable.albumId, show.album.id],
          NOW,
        );
        await db.saveLibraryItems(user.id, "show", [show.show.id, playable.albumId, freshId()], NOW);
        await db.saveLibraryItems(
          user.id,
          "artist",
          [playable.artistId, unplayable.artistId, show.artist.id, freshId()],
          NOW,
        );
        await db.saveLibraryItems(user.id, "user", [friend.id, freshId()], NOW);

        expect(await listed(db, user.id, "album")).toEqual({ ids: [playable.albumId], total: 1 });
        expect(await listed(db, user.id, "show")).toEqual({ ids: [show.show.id], total: 1 });
        expect(await listed(db, user.id, "artist")).toEqual({ ids: [playable.artistId], total: 1 });
        expect(await listed(db, user.id, "user")).toEqual({ ids: [friend.id], total: 1 });
        expect(await db.countLibraryItems(user.id)).toEqual({
          track: 0,
          album: 1,
          show: 1,
          artist: 1,
          user: 1,
        });
        expect(await db.countLibraryItems(freshId())).toEqual({
          track: 0,
          album: 0,
          show: 0,
          artist: 0,
          user: 0,
        });

        // The unplayable album becomes available when its track is published; it was never saved.
        await publishTrack(db, unplayable.jobId, unplayable.trackId);
        expect((await listed(db, user.id, "album")).total).toBe(1);
      });
    });

    it("pages a library by item id after a cursor", async () => {
      await run(async (db) => {
        const user = await seedUser(db);
        const followed = [await seedUser(db), await seedUser(db), await seedUser(db), await seedUser(db)];
        const ids = followed.map((u) => u.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        await db.saveLibraryItems(
          user.id,
          "user",
          followed.map((u) => u.id),
          NOW,
        );

        const first = await db.listLibraryItemsAfter(user.id, "user", { limit: 3 });
        expect(first.total).toBe(4);
        expect(first.items.map((item) => item.itemId)).toEqual(ids.slice(0, 3));
        const rest = await db.listLibraryItemsAfter(user.id, "user", { limit: 3, after: ids[2] });
        expect(rest).toEqual({
          items: [{ userId: user.id, kind: "user", itemId: ids[3], savedAt: NOW }],
          total: 4,
        });
        expect(await db.listLibraryItemsAfter(user.id, "user", { limit: 3, after: ids[3] })).toEqual({
          items: [],
          total: 4,
        });
      });
    });

    it("counts the followers of artists and users", async () => {
      await run(async (db) => {
        const [a, b] = [await seedTrack(db), await seedTrack(db)];
        const fans = [await seedUser(db), await seedUser(db), await seedUser(db)];
        const star = await seedUser(db);
        for (const fan of fans) await db.saveLibraryItems(fan.id, "artist", [a.artistId], NOW);
        await db.saveLibraryItems(fans[0]?.id as string, "artist", [b.artistId], NOW);
        await db.saveLibraryItems(fans[1]?.id as string, "user", [star.id], NOW);

        expect(await db.countFollowers("artist", [a.artistId, b.artistId, a.artistId, freshId()])).toEqual(
          new Map([
            [a.artistId, 3],
            [b.artistId, 1],
          ]),
        );
        expect(await db.countFollowers("user", [star.id, a.artistId])).toEqual(new Map([[star.id, 1]]));
        expect(await db.countFollowers("artist", [])).toEqual(new Map());
      });
    });

    it("lists followed users who share their activity, most recently followed first", async () => {
      await run(async (db) => {
        const me = await seedUser(db);
        const [early, quiet, late, later] = [
          await seedUser(db),
          await seedUser(db),
          await seedUser(db),
          await seedUser(db),
        ];
        await db.saveLibraryItems(me.id, "user", [early.id], NOW);
        await db.saveLibraryItems(me.id, "user", [quiet.id], NOW + 1);
        await db.saveLibraryItems(me.id, "user", [late.id, later.id], NOW + 2);

        expect(await db.setShareActivity(quiet.id, false)).toBe(true);
        expect(await db.setShareActivity(freshId(), false)).toBe(false);
        expect((await db.findUserById(quiet.id))?.shareActivity).toBe(false);
        const sharing = await db.listFollowedUsersSharingActivity(me.id, 10);
        // The same saved_at: by id.
        const [first, second] = [late, later].sort((a, b) => (a.id < b.id ? -1 : 1));
        expect(sharing).toEqual([first, second, early]);
        expect(await db.listFollowedUsersSharingActivity(me.id, 1)).toEqual([first]);

        expect(await db.setShareActivity(quiet.id, true)).toBe(true);
        expect((await db.listFollowedUsersSharingActivity(me.id, 10)).map((u) => u.id)).toEqual([
          first?.id,
          second?.id,
          quiet.id,
          early.id,
        ]);
      });
    });

    it("notifies of playable albums by followed artists created after the follow", async () => {
      await run(async (db) => {
        const user = await seedUser(db);
        const artistName = `Artist ${freshId()}`;
        const before = await seedTrack(db, { artistName });
        const followedAt = (before.upload.newAlbum?.createdAt as number) + 1;
        await db.saveLibraryItems(user.id, "artist", [before.artistId], followedAt);
        await waitAMillisecond();
        const first = await seedTrack(db, { artistName });
        // Another track on the same album is not another release.
        await seedTrack(db, { artistName, albumTitle: first.upload.newAlbum?.name });
        await seedTrack(db, { artistName, publish: false });
        await seedTrack(db);
        await waitAMillisecond();
        const second = await seedTrack(db, { artistName });
        const [firstAt, secondAt] = [first.upload.newAlbum?.createdAt, second.upload.newAlbum?.createdAt];

        const all = await db.listFollowedArtistReleases(user.id, { limit: 10, offset: 0 }, 0);
        expect(all.items.map((album) => album.id)).toEqual([second.albumId, first.albumId]);
        expect(all.items[0]).toEqual(second.upload.newAlbum);
        expect([all.total, all.unread]).toEqual([2, 2]);
        const paged = await db.listFollowedArtistReleases(
          user.id,
          { limit: 1, offset: 1 },
          firstAt as number,
        );
        expect(paged.items.map((album) => album.id)).toEqual([first.albumId]);
        expect([paged.total, paged.unread]).toEqual([2, 1]);
        const read = await db.listFollowedArtistReleases(
          user.id,
          { limit: 10, offset: 0 },
          secondAt as number,
        );
        expect([read.total, read.unread]).toEqual([2, 0]);
        expect(await db.listFollowedArtistReleases(freshId(), { limit: 10, offset: 0 }, 0)).toEqual({
          items: [],
          total: 0,
          unread: 0,
        });
      });
    });

    it("marks notifications read without ever moving the mark back", async () => {
      await run(async (db) => {
        const user = await seedUser(db);
        await db.markNotificationsRead(user.id, NOW + 5);
        expect((await db.findUserById(user.id))?.notificationsReadAt).toBe(NOW + 5);
        await db.markNotificationsRead(user.id, NOW + 3);
        expect((await db.findUserById(user.id))?.notificationsReadAt).toBe(NOW + 5);
        await db.markNotificationsRead(freshId(), NOW);
      });
    });

    it("finds the genre names of artists, by name", async () => {
      await run(async (db) => {
        const suffix = freshId();
        const artistName = `Artist ${suffix}`;
        const rock = await seedTrack(db, { artistName, genre: `Rock ${suffix}` });
        await seedTrack(db, { artistName, genre: `Ambient ${suffix}` });
        const plain = await seedTrack(db);
        expect(await db.findArtistGenres([rock.artistId, plain.artistId, freshId()])).toEqual(
          new Map([[rock.artistId, [`Ambient ${suffix}`, `Rock ${suffix}`]]]),
        );
        expect(await db.findArtistGenres([])).toEqual(new Map());
      });
    });
  });
}
