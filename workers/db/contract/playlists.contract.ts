import { beforeAll, describe, expect, it } from "vitest";
import { newPlaylist } from "../../services/playlists.ts";
import type { CatalogDb, ObjectRows, UserRow } from "../catalog-db.ts";
import type { ItemChange, ItemChangeOutcome, PlaylistRow } from "../playlist-db.ts";
import type { ContractBackend } from "./backends.ts";
import { freshId, type SeededTrack, seedEpisode, seedShow, seedTrack, seedUser } from "./seed.ts";

const NOW = 1_700_000_000_000;
const ALL = { limit: 1000, offset: 0 };

/** A new playlist row as the service builds it, with a fresh name. */
function playlistOf(
  owner: UserRow,
  fields: { public?: boolean; collaborative?: boolean } = {},
  nowMs = NOW,
): PlaylistRow {
  return newPlaylist(owner.id, { name: `Playlist ${freshId()}`, ...fields }, nowMs);
}

const ACTIONS = { insert: "add", remove: "remove", reorder: "reorder", replace: "replace" } as const;

/** Applies `change` as the service does (a fresh snapshot, the service's cap unless told). */
function applyChange(
  db: CatalogDb,
  playlistId: string,
  userId: string,
  change: ItemChange,
  options: { ifSnapshot?: string; maxItems?: number; nowMs?: number } = {},
): Promise<ItemChangeOutcome> {
  return db.changePlaylistItems({
    playlistId,
    change,
    ifSnapshot: options.ifSnapshot,
    newSnapshotId: freshId(),
    maxItems: options.maxItems ?? 10_000,
    userId,
    nowMs: options.nowMs ?? NOW,
    activity: {
      action: ACTIONS[change.kind],
      detail: { kind: change.kind, ...("trackIds" in change && { track_ids: change.trackIds }) },
    },
  });
}

/** The track ids of a playlist's items in order, after checking positions are `0 .. n - 1`. */
async function trackOrder(db: CatalogDb, playlistId: string): Promise<string[]> {
  const entries = await db.listPlaylistItems(playlistId, ALL);
  expect(entries.map((entry) => entry.item.position)).toEqual(entries.map((_, n) => n));
  const details = await db.findPlaylist(playlistId);
  expect(details?.playlist.itemCount).toBe(entries.length);
  return entries.map((entry) => entry.item.trackId);
}

/** `ObjectRows` with each list sorted by id, to compare answers given in no particular order. */
function sortedRows(rows: ObjectRows): ObjectRows {
  const byId =
    <T>(key: (row: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b));
  return {
    tracks: [...rows.tracks].sort(byId((t) => t.id)),
    albums: [...rows.albums].sort(byId((a) => a.album.id)),
    artists: [...rows.artists].sort(byId((a) => a.artist.id)),
    trackArtists: [...rows.trackArtists].sort(byId((a) => a.id)),
  };
}

export function playlistsContract(backend: ContractBackend): void {
  describe(`playlists (${backend.name})`, () => {
    const run = backend.run.bind(backend);
    /** Twenty playable music tracks, each on its own album. */
    let t: string[] = [];
    let seeded: SeededTrack[] = [];

    beforeAll(async () => {
      seeded = await run(async (db) => {
        const tracks: SeededTrack[] = [];
        for (let n = 0; n < 20; n++) tracks.push(await seedTrack(db));
        return tracks;
      });
      t = seeded.map((track) => track.trackId);
    }, 60_000);

    it("creates a playlist its owner follows, with a create entry in its log", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);

        const details = await db.findPlaylist(playlist.id);
        expect(details).toEqual({ playlist, owner, followers: 1 });
        expect(await db.findPlaylist(freshId())).toBeNull();
        expect(await db.findPlaylists([playlist.id, freshId()])).toEqual([details]);
        expect(await db.findPlaylists([])).toEqual([]);
        const owned = await db.listPlaylistsOf(owner.id, { publicOnly: false, limit: 10, offset: 0 });
        expect(owned).toEqual({ items: [details], total: 1 });

        const log = await db.listPlaylistActivity(playlist.id, { limit: 10, offset: 0 });
        expect(log.total).toBe(1);
        expect(log.items[0]).toMatchObject({
          playlistId: playlist.id,
          userId: owner.id,
          action: "create",
          snapshotId: playlist.snapshotId,
          at: NOW,
          user: owner,
        });
        expect(JSON.parse(log.items[0]?.detail ?? "")).toEqual({ name: playlist.name });
      });
    });

    it("changes details without a new snapshot, logs them, and finds a playlist by invite token", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        const inviteToken = freshId();

        const changed = await db.updatePlaylist(
          playlist.id,
          { name: "Renamed", public: false, collaborative: true, inviteToken },
          { userId: owner.id, nowMs: NOW + 5, activity: { name: "Renamed" } },
        );
        expect(changed).toEqual({
          ...playlist,
          name: "Renamed",
          public: false,
          collaborative: true,
          inviteToken,
          updatedAt: NOW + 5,
        });
        expect((await db.findPlaylist(playlist.id))?.playlist).toEqual(changed);
        expect(await db.findPlaylistByInviteToken(inviteToken)).toEqual(changed);
        expect(await db.findPlaylistByInviteToken(freshId())).toBeNull();

        // Without an activity entry, nothing is logged.
        await db.updatePlaylist(playlist.id, { description: "quiet" }, { userId: owner.id, nowMs: NOW + 6 });
        const log = await db.listPlaylistActivity(playlist.id, { limit: 10, offset: 0 });
        expect(log.items.map((entry) => entry.action)).toEqual(["details", "create"]);
        expect(log.items[0]).toMatchObject({
          userId: owner.id,
          snapshotId: playlist.snapshotId,
          at: NOW + 5,
        });
        expect(JSON.parse(log.items[0]?.detail ?? "")).toEqual({ name: "Renamed" });

        expect(
          await db.updatePlaylist(freshId(), { name: "x" }, { userId: owner.id, nowMs: NOW, activity: {} }),
        ).toBeNull();
      });
    });

    it("deletes a playlist with its items, follows, collaborators and activity", async () => {
      await run(async (db) => {
        const [owner, fan] = [await seedUser(db), await seedUser(db)];
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [t[0], t[1]] as string[] });
        await db.followPlaylist(playlist.id, fan.id, { public: true, nowMs: NOW });
        await db.addCollaborator(playlist.id, fan.id, { byUserId: owner.id, nowMs: NOW });

        await db.deletePlaylist(playlist.id);
        expect(await db.findPlaylist(playlist.id)).toBeNull();
        expect(await db.listPlaylistItems(playlist.id, ALL)).toEqual([]);
        expect((await db.listPlaylistActivity(playlist.id, ALL)).total).toBe(0);
        expect(await db.listCollaborators(playlist.id)).toEqual([]);
        expect(await db.isCollaborator(playlist.id, fan.id)).toBe(false);
        expect((await db.listPlaylistsOf(fan.id, { publicOnly: false, limit: 10, offset: 0 })).total).toBe(0);
        expect((await db.findPlaylistFollows(playlist.id, [owner.id, fan.id])).size).toBe(0);
      });
    });

    it("lists a user's playlists most recently followed first, public ones when asked", async () => {
      await run(async (db) => {
        const [me, other] = [await seedUser(db), await seedUser(db)];
        const mine = playlistOf(me, {}, NOW + 1);
        const myPrivate = playlistOf(me, { public: false }, NOW + 2);
        const theirs = playlistOf(other, {}, NOW);
        const theirsQuietly = playlistOf(other, {}, NOW);
        const theirPrivate = playlistOf(other, { public: false }, NOW);
        for (const p of [mine, myPrivate, theirs, theirsQuietly, theirPrivate]) await db.createPlaylist(p);
        await db.followPlaylist(theirs.id, me.id, { public: true, nowMs: NOW + 3 });
        await db.followPlaylist(theirsQuietly.id, me.id, { public: false, nowMs: NOW + 4 });
        await db.followPlaylist(theirPrivate.id, me.id, { public: true, nowMs: NOW + 5 });

        const ids = async (publicOnly: boolean, limit = 10, offset = 0) => {
          const page = await db.listPlaylistsOf(me.id, { publicOnly, limit, offset });
          return { ids: page.items.map((d) => d.playlist.id), total: page.total };
        };
        expect(await ids(false)).toEqual({
          ids: [theirPrivate.id, theirsQuietly.id, theirs.id, myPrivate.id, mine.id],
          total: 5,
        });
        expect(await ids(true)).toEqual({ ids: [theirs.id, mine.id], total: 2 });
        expect(await ids(false, 2, 1)).toEqual({ ids: [theirsQuietly.id, theirs.id], total: 5 });

        const listed = await db.listPlaylistsOf(me.id, { publicOnly: false, limit: 1, offset: 2 });
        expect(listed.items[0]).toEqual({ playlist: theirs, owner: other, followers: 2 });

        // Following again changes the visibility, not when it was followed.
        await db.followPlaylist(theirsQuietly.id, me.id, { public: true, nowMs: NOW + 100 });
        expect(await ids(true)).toEqual({ ids: [theirsQuietly.id, theirs.id, mine.id], total: 3 });
        expect(await db.findPlaylistFollows(theirsQuietly.id, [me.id, other.id, freshId()])).toEqual(
          new Map([
            [me.id, { public: true }],
            [other.id, { public: true }],
          ]),
        );
        await db.followPlaylist(theirs.id, me.id, { public: false, nowMs: NOW + 101 });
        expect(await db.findPlaylistFollows(theirs.id, [me.id])).toEqual(
          new Map([[me.id, { public: false }]]),
        );
        expect(await db.findPlaylistFollows(theirs.id, [])).toEqual(new Map());

        await db.unfollowPlaylist(theirsQuietly.id, me.id);
        await db.unfollowPlaylist(theirsQuietly.id, me.id);
        expect((await ids(false)).ids).toEqual([theirPrivate.id, theirs.id, myPrivate.id, mine.id]);
        expect((await db.findPlaylist(theirsQuietly.id))?.followers).toBe(1);
      });
    });

    it("adds and removes collaborators, who follow the playlist, and logs both", async () => {
      await run(async (db) => {
        const [owner, first, second] = [await seedUser(db), await seedUser(db), await seedUser(db)];
        const playlist = playlistOf(owner, { collaborative: true });
        await db.createPlaylist(playlist);

        expect(await db.addCollaborator(playlist.id, first.id, { byUserId: owner.id, nowMs: NOW + 1 })).toBe(
          true,
        );
        expect(await db.addCollaborator(playlist.id, first.id, { byUserId: owner.id, nowMs: NOW + 2 })).toBe(
          false,
        );
        expect(await db.addCollaborator(playlist.id, second.id, { byUserId: owner.id, nowMs: NOW + 3 })).toBe(
          true,
        );
        expect(await db.listCollaborators(playlist.id)).toEqual([first, second]);
        expect(await db.isCollaborator(playlist.id, first.id)).toBe(true);
        expect(await db.isCollaborator(playlist.id, owner.id)).toBe(false);
        const followed = await db.listPlaylistsOf(first.id, { publicOnly: false, limit: 10, offset: 0 });
        expect(followed.items.map((d) => d.playlist.id)).toEqual([playlist.id]);
        expect(await db.findPlaylistFollows(playlist.id, [first.id])).toEqual(
          new Map([[first.id, { public: true }]]),
        );

        expect(
          await db.removeCollaborator(playlist.id, first.id, { byUserId: owner.id, nowMs: NOW + 4 }),
        ).toBe(true);
        expect(
          await db.removeCollaborator(playlist.id, first.id, { byUserId: owner.id, nowMs: NOW + 5 }),
        ).toBe(false);
        expect(await db.listCollaborators(playlist.id)).toEqual([second]);
        expect(await db.isCollaborator(playlist.id, first.id)).toBe(false);

        const log = await db.listPlaylistActivity(playlist.id, ALL);
        expect(
          log.items.map((entry) => [
            entry.action,
            JSON.parse(entry.detail),
            entry.userId,
            entry.at,
            entry.snapshotId,
          ]),
        ).toEqual([
          ["collaborator_removed", { user_id: first.id }, owner.id, NOW + 4, playlist.snapshotId],
          ["collaborator_added", { user_id: second.id }, owner.id, NOW + 3, playlist.snapshotId],
          ["collaborator_added", { user_id: first.id }, owner.id, NOW + 1, playlist.snapshotId],
          ["create", { name: playlist.name }, owner.id, NOW, playlist.snapshotId],
        ]);
      });
    });

    it("appends and inserts items under a new snapshot each, logging where appends landed", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        const [a, b, c, d, e, f] = t as [string, string, string, string, string, string];

        const first = await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [a, b] });
        expect(first.ok).toBe(true);
        const after = await db.findPlaylist(playlist.id);
        expect(after?.playlist).toMatchObject({ itemCount: 2, updatedAt: NOW });
        expect(first).toEqual({ ok: true, snapshotId: after?.playlist.snapshotId });
        expect(after?.playlist.snapshotId).not.toBe(playlist.snapshotId);

        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [c] });
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [d, e], position: 1 });
        expect(await trackOrder(db, playlist.id)).toEqual([a, d, e, b, c]);
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [f], position: 0 });
        // A position past the end inserts at the end.
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [a], position: 99 });
        expect(await trackOrder(db, playlist.id)).toEqual([f, a, d, e, b, c, a]);

        const log = await db.listPlaylistActivity(playlist.id, ALL);
        expect(log.items.map((entry) => [entry.action, JSON.parse(entry.detail)])).toEqual([
          ["add", { kind: "insert", track_ids: [a], position: 6 }],
          ["add", { kind: "insert", track_ids: [f], position: 0 }],
          ["add", { kind: "insert", track_ids: [d, e], position: 1 }],
          ["add", { kind: "insert", track_ids: [c], position: 2 }],
          ["add", { kind: "insert", track_ids: [a, b], position: 0 }],
          ["create", { name: playlist.name }],
        ]);
        // The position goes last, as D1's `json_set` appends it.
        expect(log.items[0]?.detail).toBe(JSON.stringify({ kind: "insert", track_ids: [a], position: 6 }));
        const snapshots = log.items.map((entry) => entry.snapshotId);
        expect(new Set(snapshots).size).toBe(6);
        expect(snapshots[0]).toBe((await db.findPlaylist(playlist.id))?.playlist.snapshotId);

        const items = await db.listPlaylistItems(playlist.id, { limit: 2, offset: 3 });
        expect(items.map((entry) => entry.item)).toEqual([
          { playlistId: playlist.id, position: 3, trackId: e, addedBy: owner.id, addedAt: NOW },
          { playlistId: playlist.id, position: 4, trackId: b, addedBy: owner.id, addedAt: NOW },
        ]);
        expect(items.map((entry) => entry.track?.id)).toEqual([e, b]);
        expect(
          (await db.findPlaylistItemsAt(playlist.id, [6, 0, 42])).map((i) => [i.position, i.trackId]),
        ).toEqual([
          [0, f],
          [6, a],
        ]);
        expect(await db.findPlaylistItemsAt(playlist.id, [])).toEqual([]);
        expect(
          (await db.findPlaylistItemsOf(playlist.id, [a, c])).map((i) => [i.position, i.trackId]),
        ).toEqual([
          [1, a],
          [5, c],
          [6, a],
        ]);
        expect(await db.findPlaylistItemsOf(playlist.id, [])).toEqual([]);
      });
    });

    it("removes positions, reorders ranges both ways and replaces, keeping positions dense", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        const [a, b, c, d, e, f, g, h] = t as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [a, b, c, d, e, f, g, h] });

        await applyChange(db, playlist.id, owner.id, { kind: "remove", positions: [0, 3, 4] });
        expect(await trackOrder(db, playlist.id)).toEqual([b, c, f, g, h]);
        // Forwards: [b, c] goes before h.
        await applyChange(db, playlist.id, owner.id, {
          kind: "reorder",
          rangeStart: 0,
          rangeLength: 2,
          insertBefore: 4,
        });
        expect(await trackOrder(db, playlist.id)).toEqual([f, g, b, c, h]);
        // Backwards: [c, h] goes first.
        await applyChange(db, playlist.id, owner.id, {
          kind: "reorder",
          rangeStart: 3,
          rangeLength: 2,
          insertBefore: 0,
        });
        expect(await trackOrder(db, playlist.id)).toEqual([c, h, f, g, b]);
        // To the very end.
        await applyChange(db, playlist.id, owner.id, {
          kind: "reorder",
          rangeStart: 0,
          rangeLength: 1,
          insertBefore: 5,
        });
        expect(await trackOrder(db, playlist.id)).toEqual([h, f, g, b, c]);
        // Into itself: nothing moves, but the playlist still gets a new snapshot.
        const before = (await db.findPlaylist(playlist.id))?.playlist.snapshotId;
        const still = await applyChange(db, playlist.id, owner.id, {
          kind: "reorder",
          rangeStart: 1,
          rangeLength: 2,
          insertBefore: 2,
        });
        expect(still.ok && still.snapshotId !== before).toBe(true);
        expect(await trackOrder(db, playlist.id)).toEqual([h, f, g, b, c]);
        await applyChange(db, playlist.id, owner.id, { kind: "remove", positions: [4] });
        expect(await trackOrder(db, playlist.id)).toEqual([h, f, g, b]);

        await applyChange(
          db,
          playlist.id,
          owner.id,
          { kind: "replace", trackIds: [e, a, e] },
          { nowMs: NOW + 9 },
        );
        expect(await trackOrder(db, playlist.id)).toEqual([e, a, e]);
        expect((await db.listPlaylistItems(playlist.id, ALL))[0]?.item.addedAt).toBe(NOW + 9);
        await applyChange(db, playlist.id, owner.id, { kind: "replace", trackIds: [] });
        expect(await trackOrder(db, playlist.id)).toEqual([]);

        const log = await db.listPlaylistActivity(playlist.id, ALL);
        expect(log.items.map((entry) => entry.action)).toEqual([
          "replace",
          "replace",
          "remove",
          "reorder",
          "reorder",
          "reorder",
          "reorder",
          "remove",
          "add",
          "create",
        ]);
        expect(JSON.parse(log.items[2]?.detail ?? "")).toEqual({ kind: "remove" });
      });
    });

    it("refuses a change against a stale snapshot, over the cap or to no playlist, changing nothing", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        const [a, b, c] = t as [string, string, string];
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: [a, b, c] });
        const before = await db.findPlaylist(playlist.id);
        const logBefore = await db.listPlaylistActivity(playlist.id, ALL);
        const unchanged = async () => {
          expect(await db.findPlaylist(playlist.id)).toEqual(before);
          expect(await trackOrder(db, playlist.id)).toEqual([a, b, c]);
          expect(await db.listPlaylistActivity(playlist.id, ALL)).toEqual(logBefore);
        };
        const stale = { ifSnapshot: playlist.snapshotId };

        const refusals: [ItemChange, { ifSnapshot?: string; maxItems?: number }, string][] = [
          [{ kind: "reorder", rangeStart: 0, rangeLength: 1, insertBefore: 3 }, stale, "stale_snapshot"],
          [{ kind: "remove", positions: [1] }, stale, "stale_snapshot"],
          [{ kind: "insert", trackIds: [a], position: 0 }, stale, "stale_snapshot"],
          [{ kind: "replace", trackIds: [a] }, stale, "stale_snapshot"],
          [{ kind: "insert", trackIds: [a] }, { maxItems: 3 }, "too_many_items"],
          [{ kind: "insert", trackIds: [a, b], position: 1 }, { maxItems: 4 }, "too_many_items"],
          [{ kind: "replace", trackIds: [a, b, c, a] }, { maxItems: 3 }, "too_many_items"],
        ];
        for (const [change, options, reason] of refusals) {
          expect(await applyChange(db, playlist.id, owner.id, change, options)).toEqual({
            ok: false,
            reason,
          });
          await unchanged();
        }
        // The snapshot is checked before the cap.
        expect(
          await applyChange(
            db,
            playlist.id,
            owner.id,
            { kind: "insert", trackIds: [a] },
            { ...stale, maxItems: 1 },
          ),
        ).toEqual({ ok: false, reason: "stale_snapshot" });
        expect(await applyChange(db, freshId(), owner.id, { kind: "insert", trackIds: [a] })).toEqual({
          ok: false,
          reason: "not_found",
        });
        await unchanged();

        // Exactly at the cap, and at the current snapshot, it applies.
        const current = before?.playlist.snapshotId;
        expect(
          (
            await applyChange(
              db,
              playlist.id,
              owner.id,
              { kind: "insert", trackIds: [c] },
              { ifSnapshot: current, maxItems: 4 },
            )
          ).ok,
        ).toBe(true);
        expect(await trackOrder(db, playlist.id)).toEqual([a, b, c, c]);
      });
    });

    it("pages the activity log newest first", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        for (let n = 1; n <= 4; n++) {
          await applyChange(
            db,
            playlist.id,
            owner.id,
            { kind: "insert", trackIds: [t[0] as string] },
            { nowMs: NOW + n },
          );
        }
        const page = await db.listPlaylistActivity(playlist.id, { limit: 2, offset: 1 });
        expect(page.total).toBe(5);
        expect(page.items.map((entry) => [entry.at, JSON.parse(entry.detail).position])).toEqual([
          [NOW + 3, 2],
          [NOW + 2, 1],
        ]);
        expect(page.items[0]?.user).toEqual(owner);
        expect(await db.listPlaylistActivity(freshId(), ALL)).toEqual({ items: [], total: 0 });
      });
    });

    it("finds the first distinct albums of a playlist for its cover", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        const artistName = `Artist ${freshId()}`;
        const onAlbum = (albumTitle: string) => seedTrack(db, { artistName, albumTitle });
        const [x1, x2, y1, z1, w1, v1] = [
          await onAlbum("X"),
          await onAlbum("X"),
          await onAlbum("Y"),
          await onAlbum("Z"),
          await onAlbum("W"),
          await onAlbum("V"),
        ];
        const order = [x1, x2, y1, x1, z1, y1, w1, v1];
        await applyChange(db, playlist.id, owner.id, {
          kind: "insert",
          trackIds: order.map((s) => s.trackId),
        });
        expect(await db.listPlaylistCoverAlbums(playlist.id, 4)).toEqual([
          x1.albumId,
          y1.albumId,
          z1.albumId,
          w1.albumId,
        ]);
        expect(await db.listPlaylistCoverAlbums(playlist.id, 2)).toEqual([x1.albumId, y1.albumId]);
        expect(await db.listPlaylistCoverAlbums(freshId(), 4)).toEqual([]);
      });
    });

    it("lists public playlists with the most items of a genre first", async () => {
      await run(async (db) => {
        const owner = await seedUser(db);
        const genre = `Genre ${freshId()}`;
        const inGenre = [
          await seedTrack(db, { genre }),
          await seedTrack(db, { genre }),
          await seedTrack(db, { genre }),
        ];
        const genreId = inGenre[0]?.upload.genreId as string;
        const [one, two, hidden, none] = [
          playlistOf(owner),
          playlistOf(owner),
          playlistOf(owner, { public: false }),
          playlistOf(owner),
        ];
        for (const p of [one, two, hidden, none]) await db.createPlaylist(p);
        const ids = inGenre.map((s) => s.trackId);
        await applyChange(db, one.id, owner.id, {
          kind: "insert",
          trackIds: [ids[0] as string, t[0] as string],
        });
        await applyChange(db, two.id, owner.id, { kind: "insert", trackIds: ids });
        await applyChange(db, hidden.id, owner.id, { kind: "insert", trackIds: [...ids, ...ids] });
        await applyChange(db, none.id, owner.id, { kind: "insert", trackIds: [t[1] as string] });

        const page = await db.listGenrePlaylists(genreId, { limit: 10, offset: 0 });
        expect(page.total).toBe(2);
        expect(page.items.map((d) => d.playlist.id)).toEqual([two.id, one.id]);
        expect(page.items[0]).toEqual(await db.findPlaylist(two.id));
        expect(
          (await db.listGenrePlaylists(genreId, { limit: 1, offset: 1 })).items.map((d) => d.playlist.id),
        ).toEqual([one.id]);
      });
    });

    it("reads a playlist page with its playable tracks, episodes and music rows in one call", async () => {
      await run(async (db) => {
        const [owner, stranger, collaborator] = [await seedUser(db), await seedUser(db), await seedUser(db)];
        const playlist = playlistOf(owner, { collaborative: true });
        await db.createPlaylist(playlist);
        await db.addCollaborator(playlist.id, collaborator.id, { byUserId: owner.id, nowMs: NOW });
        const show = await seedShow(db);
        const episode = await seedEpisode(db, show);
        const unpublished = await seedTrack(db, { publish: false });
        const [a, b] = seeded as [SeededTrack, SeededTrack];
        const order = [a.trackId, unpublished.trackId, episode.trackId, b.trackId, a.trackId];
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: order });

        const read = await db.readPlaylistPage(playlist.id, stranger.id, { limit: 3, offset: 1 });
        expect(read.details).toEqual(await db.findPlaylist(playlist.id));
        expect(read.details?.followers).toBe(2);
        expect(read.collaborator).toBe(false);
        expect(read.entries).toEqual(await db.listPlaylistItems(playlist.id, { limit: 3, offset: 1 }));
        expect(
          read.entries.map((entry) => [entry.item.position, entry.item.trackId, entry.track?.id ?? null]),
        ).toEqual([
          [1, unpublished.trackId, null],
          [2, episode.trackId, episode.trackId],
          [3, b.trackId, b.trackId],
        ]);
        expect(read.entries[1]?.track?.kind).toBe("episode");
        // The music rows are what `findObjectRows` gives for the page's tracks.
        const music = await db.findObjectRows({
          trackIds: [unpublished.trackId, episode.trackId, b.trackId],
          artistIds: [],
          albumIds: [],
        });
        expect(sortedRows(read.music)).toEqual(sortedRows(music));
        expect(read.music.tracks.map((track) => track.id)).toEqual([b.trackId]);
        expect(read.music.artists).toEqual([]);
        expect(read.music.albums.map((album) => album.album.id)).toContain(b.albumId);

        const asCollaborator = await db.readPlaylistPage(playlist.id, collaborator.id, {
          limit: 10,
          offset: 0,
        });
        expect(asCollaborator.collaborator).toBe(true);
        expect(asCollaborator.entries.map((entry) => entry.item.trackId)).toEqual(order);
        const beyond = await db.readPlaylistPage(playlist.id, owner.id, { limit: 10, offset: 5 });
        expect(beyond.collaborator).toBe(false);
        expect(beyond.entries).toEqual([]);
        expect(beyond.music).toEqual({ tracks: [], albums: [], artists: [], trackArtists: [] });

        const missing = await db.readPlaylistPage(freshId(), owner.id, { limit: 10, offset: 0 });
        expect(missing).toEqual({
          details: null,
          collaborator: false,
          entries: [],
          music: { tracks: [], albums: [], artists: [], trackArtists: [] },
        });
      });
    });

    it("places 100 concurrent appends by 5 users each exactly once, at dense positions", async () => {
      const [users, playlist] = await run(async (db) => {
        const owner = await seedUser(db);
        const users = [];
        for (let n = 0; n < 5; n++) users.push(await seedUser(db));
        const playlist = playlistOf(owner, { collaborative: true });
        await db.createPlaylist(playlist);
        return [users, playlist] as const;
      });
      // Each append is its own request (its own pool on Postgres): each user adds each track once.
      const outcomes = await Promise.all(
        users.flatMap((user) =>
          t.map((trackId) =>
            run((db) => applyChange(db, playlist.id, user.id, { kind: "insert", trackIds: [trackId] })),
          ),
        ),
      );
      expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
      expect(new Set(outcomes.map((outcome) => outcome.ok && outcome.snapshotId)).size).toBe(100);

      await run(async (db) => {
        const entries = await db.listPlaylistItems(playlist.id, ALL);
        expect(entries.map((entry) => entry.item.position)).toEqual([...Array(100).keys()]);
        expect((await db.findPlaylist(playlist.id))?.playlist.itemCount).toBe(100);
        const pairs = entries.map((entry) => `${entry.item.addedBy} ${entry.item.trackId}`);
        expect(new Set(pairs).size).toBe(100);
        expect(new Set(pairs)).toEqual(
          new Set(users.flatMap((user) => t.map((trackId) => `${user.id} ${trackId}`))),
        );
        // Every append logged the position it got, and that position holds what it added.
        const log = await db.listPlaylistActivity(playlist.id, ALL);
        const adds = log.items.filter((entry) => entry.action === "add");
        expect(adds).toHaveLength(100);
        const positions = adds.map((entry) => JSON.parse(entry.detail).position as number);
        expect([...positions].sort((x, y) => x - y)).toEqual([...Array(100).keys()]);
        for (const entry of adds) {
          const item = entries[JSON.parse(entry.detail).position]?.item;
          expect(item?.addedBy).toBe(entry.userId);
          expect(item?.trackId).toBe(JSON.parse(entry.detail).track_ids[0]);
        }
        // Newest first: the log's order is the order the appends applied in.
        expect(positions).toEqual([...Array(100).keys()].reverse());
      });
    }, 120_000);

    it("applies exactly one of concurrent reorders against the same snapshot", async () => {
      const [owner, playlist, snapshot] = await run(async (db) => {
        const owner = await seedUser(db);
        const playlist = playlistOf(owner);
        await db.createPlaylist(playlist);
        await applyChange(db, playlist.id, owner.id, { kind: "insert", trackIds: t.slice(0, 6) });
        return [owner, playlist, (await db.findPlaylist(playlist.id))?.playlist.snapshotId] as const;
      });
      const moves = [...Array(10).keys()].map((n) => ({
        kind: "reorder" as const,
        rangeStart: n % 5,
        rangeLength: 1,
        insertBefore: n % 2 === 0 ? 6 : 0,
      }));
      const outcomes = await Promise.all(
        moves.map((change) =>
          run((db) => applyChange(db, playlist.id, owner.id, change, { ifSnapshot: snapshot })),
        ),
      );
      const applied = outcomes.flatMap((outcome, n) => (outcome.ok ? [n] : []));
      expect(applied).toHaveLength(1);
      for (const outcome of outcomes) if (!outcome.ok) expect(outcome.reason).toBe("stale_snapshot");

      const move = moves[applied[0] as number] as (typeof moves)[number];
      const expected = t.slice(0, 6);
      const [moved] = expected.splice(move.rangeStart, 1);
      expected.splice(move.insertBefore === 0 ? 0 : expected.length, 0, moved as string);
      await run(async (db) => {
        expect(await trackOrder(db, playlist.id)).toEqual(expected);
        const current = await db.findPlaylist(playlist.id);
        expect(current?.playlist.snapshotId).toBe(
          (outcomes[applied[0] as number] as { snapshotId: string }).snapshotId,
        );
        expect((await db.listPlaylistActivity(playlist.id, ALL)).total).toBe(3);
      });
    }, 60_000);
  });
}
