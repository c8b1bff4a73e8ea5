import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, min, type SQL, sql } from "drizzle-orm";
import { pgIndexSearchItem, pgUnindexSearchItem } from "../services/search/pg-search-index.ts";
import type { CatalogDb } from "./catalog-db.ts";
import type { PgDb } from "./neon.ts";
import { changeItems } from "./pg-playlist-items.ts";
import type { PlaylistDb } from "./playlist-db.ts";
import * as s from "./schema.pg.ts";

/**
 * The Postgres implementation of the playlist queries. Writes that D1 runs as one batch are
 * one transaction here, with the playlist's search entry kept current inside it. Reads mirror
 * `d1-playlists.ts` query for query.
 * An item change is one transaction that locks the playlist row first (`pg-playlist-items.ts`).
 */
export function createPgPlaylistQueries(db: PgDb, objects: Pick<CatalogDb, "findObjectRows">): PlaylistDb {
  /** A playlist with its owner and follower count, in one query. */
  const withOwner = <Extra extends Record<string, SQL> = Record<never, never>>(extra = {} as Extra) =>
    db
      .select({
        playlist: s.playlists,
        owner: s.users,
        followers: sql<number>`(SELECT count(*)::int FROM playlist_follows f WHERE f.playlist_id = ${s.playlists.id})`,
        ...extra,
      })
      .from(s.playlists)
      .innerJoin(s.users, eq(s.users.id, s.playlists.ownerId));

  const listPlaylistItems: PlaylistDb["listPlaylistItems"] = (id, { limit, offset }) => {
    const playable = and(
      eq(s.tracks.id, s.playlistItems.trackId),
      isNotNull(s.tracks.currentEncodeId),
      inArray(s.tracks.kind, ["music", "episode"]),
    );
    return db
      .select({ item: s.playlistItems, track: s.tracks })
      .from(s.playlistItems)
      .leftJoin(s.tracks, playable)
      .where(
        and(
          eq(s.playlistItems.playlistId, id),
          gte(s.playlistItems.position, offset),
          lt(s.playlistItems.position, offset + limit),
        ),
      )
      .orderBy(asc(s.playlistItems.position));
  };

  return {
    async createPlaylist(playlist) {
      // One transaction: a public playlist is searchable from the moment it exists.
      await db.transaction(async (tx) => {
        await tx.insert(s.playlists).values(playlist);
        await tx.insert(s.playlistFollows).values({
          playlistId: playlist.id,
          userId: playlist.ownerId,
          public: playlist.public,
          followedAt: playlist.createdAt,
        });
        await tx.insert(s.playlistActivity).values({
          playlistId: playlist.id,
          userId: playlist.ownerId,
          action: "create",
          detail: JSON.stringify({ name: playlist.name }),
          snapshotId: playlist.snapshotId,
          at: playlist.createdAt,
        });
        await pgIndexSearchItem(tx, "playlist", playlist.id);
      });
    },

    async findPlaylist(id) {
      return (await withOwner().where(eq(s.playlists.id, id)))[0] ?? null;
    },

    async findPlaylists(ids) {
      if (ids.length === 0) return [];
      return withOwner().where(inArray(s.playlists.id, ids));
    },

    async findPlaylistByInviteToken(token) {
      return (await db.select().from(s.playlists).where(eq(s.playlists.inviteToken, token)))[0] ?? null;
    },

    async listPlaylistsOf(userId, { publicOnly, limit, offset }) {
      const followed = and(
        eq(s.playlistFollows.userId, userId),
        publicOnly ? and(eq(s.playlistFollows.public, true), eq(s.playlists.public, true)) : undefined,
      );
      const [items, total] = await Promise.all([
        withOwner()
          .innerJoin(
            s.playlistFollows,
            and(eq(s.playlistFollows.playlistId, s.playlists.id), eq(s.playlistFollows.userId, userId)),
          )
          .where(followed)
          .orderBy(desc(s.playlistFollows.followedAt), desc(s.playlists.id))
          .limit(limit)
          .offset(offset),
        db
          .select({ n: count() })
          .from(s.playlistFollows)
          .innerJoin(s.playlists, eq(s.playlists.id, s.playlistFollows.playlistId))
          .where(followed),
      ]);
      return { items, total: total[0]?.n ?? 0 };
    },

    async listGenrePlaylists(genreId, { limit, offset }) {
      const matching = db
        .select({ id: s.playlistItems.playlistId, n: count().as("n") })
        .from(s.playlistItems)
        .innerJoin(s.tracks, eq(s.tracks.id, s.playlistItems.trackId))
        .innerJoin(s.albums, eq(s.albums.id, s.tracks.albumId))
        .innerJoin(s.playlists, eq(s.playlists.id, s.playlistItems.playlistId))
        .where(and(eq(s.albums.genreId, genreId), eq(s.playlists.public, true)))
        .groupBy(s.playlistItems.playlistId)
        .as("matching");
      const [items, total] = await Promise.all([
        withOwner()
          .innerJoin(matching, eq(matching.id, s.playlists.id))
          .orderBy(desc(matching.n), asc(s.playlists.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(matching),
      ]);
      return { items, total: total[0]?.n ?? 0 };
    },

    async updatePlaylist(id, change, meta) {
      // One transaction: the change, its activity entry and the playlist's search entry (a new
      // name, or going public or private) together.
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(s.playlists)
          .set({ ...change, updatedAt: meta.nowMs })
          .where(eq(s.playlists.id, id))
          .returning();
        if (!row) return null;
        await pgIndexSearchItem(tx, "playlist", id);
        if (meta.activity) {
          await tx.insert(s.playlistActivity).values({
            playlistId: id,
            userId: meta.userId,
            action: "details",
            detail: JSON.stringify(meta.activity),
            snapshotId: row.snapshotId,
            at: meta.nowMs,
          });
        }
        return row;
      });
    },

    async deletePlaylist(id) {
      // Items, follows, collaborators and activity go by their foreign keys' cascade.
      await db.transaction(async (tx) => {
        await pgUnindexSearchItem(tx, "playlist", id);
        await tx.delete(s.playlists).where(eq(s.playlists.id, id));
      });
    },

    changePlaylistItems(request) {
      return db.transaction((tx) => changeItems(tx, request));
    },

    listPlaylistItems,

    async readPlaylistPage(id, readerId, page) {
      // Two reads in parallel, both keyed by the id: the details with the reader's collaborator
      // flag; and the page's items with their playable tracks, then the rows of the page's music.
      const collaborator = sql<boolean>`EXISTS (SELECT 1 FROM playlist_collaborators c
        WHERE c.playlist_id = ${id} AND c.user_id = ${readerId})`;
      const [heads, [entries, music]] = await Promise.all([
        withOwner({ collaborator }).where(eq(s.playlists.id, id)),
        listPlaylistItems(id, page).then(
          async (entries) =>
            [
              entries,
              // Every track of the page, as D1 names them by subquery: the playable music among
              // them, and the albums and artists of them all.
              await objects.findObjectRows({
                trackIds: [...new Set(entries.map((entry) => entry.item.trackId))],
                artistIds: [],
                albumIds: [],
              }),
            ] as const,
        ),
      ]);
      const head = heads[0];
      return {
        details: head ? { playlist: head.playlist, owner: head.owner, followers: head.followers } : null,
        collaborator: head?.collaborator ?? false,
        entries,
        music: { ...music, artists: [] },
      };
    },

    async findPlaylistItemsAt(id, positions) {
      if (positions.length === 0) return [];
      return db
        .select()
        .from(s.playlistItems)
        .where(and(eq(s.playlistItems.playlistId, id), inArray(s.playlistItems.position, positions)))
        .orderBy(asc(s.playlistItems.position));
    },

    async findPlaylistItemsOf(id, trackIds) {
      if (trackIds.length === 0) return [];
      return db
        .select()
        .from(s.playlistItems)
        .where(and(eq(s.playlistItems.playlistId, id), inArray(s.playlistItems.trackId, trackIds)))
        .orderBy(asc(s.playlistItems.position));
    },

    async listPlaylistCoverAlbums(id, max) {
      // Walks items in order and stops as soon as `max` distinct albums are found.
      const first = min(s.playlistItems.position);
      const rows = await db
        .select({ albumId: s.tracks.albumId, first })
        .from(s.playlistItems)
        .innerJoin(s.tracks, eq(s.tracks.id, s.playlistItems.trackId))
        .where(and(eq(s.playlistItems.playlistId, id), lt(s.playlistItems.position, COVER_SCAN_ITEMS)))
        .groupBy(s.tracks.albumId)
        .orderBy(first)
        .limit(max);
      return rows.map((row) => row.albumId);
    },

    async listPlaylistActivity(id, { limit, offset }) {
      const [rows, total] = await Promise.all([
        db
          .select({ activity: s.playlistActivity, user: s.users })
          .from(s.playlistActivity)
          .leftJoin(s.users, eq(s.users.id, s.playlistActivity.userId))
          .where(eq(s.playlistActivity.playlistId, id))
          .orderBy(desc(s.playlistActivity.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(s.playlistActivity).where(eq(s.playlistActivity.playlistId, id)),
      ]);
      return { items: rows.map((row) => ({ ...row.activity, user: row.user })), total: total[0]?.n ?? 0 };
    },

    async listCollaborators(id) {
      const rows = await db
        .select({ user: s.users })
        .from(s.playlistCollaborators)
        .innerJoin(s.users, eq(s.users.id, s.playlistCollaborators.userId))
        .where(eq(s.playlistCollaborators.playlistId, id))
        .orderBy(asc(s.playlistCollaborators.addedAt), asc(s.users.id));
      return rows.map((row) => row.user);
    },

    async isCollaborator(id, userId) {
      const rows = await db
        .select({ id: s.playlistCollaborators.userId })
        .from(s.playlistCollaborators)
        .where(and(eq(s.playlistCollaborators.playlistId, id), eq(s.playlistCollaborators.userId, userId)));
      return rows.length > 0;
    },

    async addCollaborator(id, userId, meta) {
      return db.transaction(async (tx) => {
        const added = await tx
          .insert(s.playlistCollaborators)
          .values({ playlistId: id, userId, addedAt: meta.nowMs })
          .onConflictDoNothing()
          .returning({ id: s.playlistCollaborators.userId });
        await tx
          .insert(s.playlistFollows)
          .values({ playlistId: id, userId, public: true, followedAt: meta.nowMs })
          .onConflictDoNothing();
        if (added.length === 0) return false;
        await logActivity(tx, id, meta, "collaborator_added", { user_id: userId });
        return true;
      });
    },

    async removeCollaborator(id, userId, meta) {
      return db.transaction(async (tx) => {
        const removed = await tx
          .delete(s.playlistCollaborators)
          .where(and(eq(s.playlistCollaborators.playlistId, id), eq(s.playlistCollaborators.userId, userId)))
          .returning({ id: s.playlistCollaborators.userId });
        if (removed.length === 0) return false;
        await logActivity(tx, id, meta, "collaborator_removed", { user_id: userId });
        return true;
      });
    },

    async followPlaylist(id, userId, options) {
      // Followers are a public playlist's popularity in search.
      await db.transaction(async (tx) => {
        await tx
          .insert(s.playlistFollows)
          .values({ playlistId: id, userId, public: options.public, followedAt: options.nowMs })
          .onConflictDoUpdate({
            target: [s.playlistFollows.playlistId, s.playlistFollows.userId],
            set: { public: options.public },
          });
        await pgIndexSearchItem(tx, "playlist", id);
      });
    },

    async unfollowPlaylist(id, userId) {
      await db.transaction(async (tx) => {
        await tx
          .delete(s.playlistFollows)
          .where(and(eq(s.playlistFollows.playlistId, id), eq(s.playlistFollows.userId, userId)));
        await pgIndexSearchItem(tx, "playlist", id);
      });
    },

    async findPlaylistFollows(id, userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .select({ userId: s.playlistFollows.userId, public: s.playlistFollows.public })
        .from(s.playlistFollows)
        .where(and(eq(s.playlistFollows.playlistId, id), inArray(s.playlistFollows.userId, userIds)));
      return new Map(rows.map((row) => [row.userId, { public: row.public }]));
    },
  };
}

/** How far into a playlist its cover looks for four distinct albums. */
const COVER_SCAN_ITEMS = 200;

/** Logs a collaborator change under the playlist's current snapshot (nothing when it is gone). */
async function logActivity(
  db: PgDb,
  playlistId: string,
  meta: { byUserId: string; nowMs: number },
  action: "collaborator_added" | "collaborator_removed",
  detail: Record<string, unknown>,
): Promise<void> {
  await db.execute(sql`INSERT INTO playlist_activity (playlist_id, user_id, action, detail, snapshot_id, at)
    SELECT id, ${meta.byUserId}, ${action}, ${JSON.stringify(detail)}, snapshot_id, ${meta.nowMs}::bigint
    FROM playlists WHERE id = ${playlistId}`);
}
