import { and, asc, count, desc, eq, gte, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { indexSearchItemStatements, unindexSearchItemStatements } from "../services/search/search-index.ts";
import type { D1ObjectRows, MusicResults } from "./d1-browse-queries.ts";
import { inList, runSteps } from "./d1-sql.ts";
import { musicRows } from "./details.ts";
import { type ItemChangeRequest, type PlaylistDb, reorderWindow } from "./playlist-db.ts";
import * as s from "./schema.sqlite.ts";

type Db = DrizzleD1Database;

/**
 * The D1 implementation of the playlist queries. An item change is one D1 batch (one
 * transaction): the first statement moves the playlist to its new snapshot, and only if that
 * applied do the rest — each is guarded by "the playlist is at the new snapshot", which no
 * other change can have produced, because snapshot ids are random. Positions stay dense
 * (`0 .. item_count - 1`); moves go through negative positions so the primary key never sees
 * two items at one position mid-statement.
 */
export function createD1PlaylistQueries(db: Db, database: D1Database, objects: D1ObjectRows): PlaylistDb {
  // Reads that join tables run as separate queries, not in `db.batch`: a batch returns rows as
  // objects keyed by column name, so joined tables' same-named columns (`id`) would collide.
  /** A playlist with its owner and follower count, in one query. */
  const withOwner = () =>
    db
      .select({
        playlist: s.playlists,
        owner: s.users,
        followers: sql<number>`(SELECT count(*) FROM playlist_follows f WHERE f.playlist_id = ${s.playlists.id})`,
      })
      .from(s.playlists)
      .innerJoin(s.users, eq(s.users.id, s.playlists.ownerId));

  return {
    async createPlaylist(playlist) {
      // One batch: a public playlist is searchable from the moment it exists.
      await runSteps(database, [
        db.insert(s.playlists).values(playlist).toSQL(),
        db
          .insert(s.playlistFollows)
          .values({
            playlistId: playlist.id,
            userId: playlist.ownerId,
            public: playlist.public,
            followedAt: playlist.createdAt,
          })
          .toSQL(),
        db
          .insert(s.playlistActivity)
          .values({
            playlistId: playlist.id,
            userId: playlist.ownerId,
            action: "create",
            detail: JSON.stringify({ name: playlist.name }),
            snapshotId: playlist.snapshotId,
            at: playlist.createdAt,
          })
          .toSQL(),
        ...indexSearchItemStatements("playlist", playlist.id),
      ]);
    },

    async findPlaylist(id) {
      return (await withOwner().where(eq(s.playlists.id, id)).get()) ?? null;
    },

    async findPlaylistByInviteToken(token) {
      return (await db.select().from(s.playlists).where(eq(s.playlists.inviteToken, token)).get()) ?? null;
    },

    async listPlaylistsOf(userId, { publicOnly, limit, offset }) {
      const followed = and(
        eq(s.playlistFollows.userId, userId),
        publicOnly ? and(eq(s.playlistFollows.public, true), eq(s.playlists.public, true)) : undefined,
      );
      const [rows, total] = await Promise.all([
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
      return { items: rows, total: total[0]?.n ?? 0 };
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
      const [rows, total] = await Promise.all([
        withOwner()
          .innerJoin(matching, eq(matching.id, s.playlists.id))
          .orderBy(desc(matching.n), asc(s.playlists.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count() }).from(matching),
      ]);
      return { items: rows, total: total[0]?.n ?? 0 };
    },

    async updatePlaylist(id, change, meta) {
      // One batch: the change, its activity entry and the playlist's search entry (a new name,
      // or going public or private) together.
      const steps = [
        db
          .update(s.playlists)
          .set({ ...change, updatedAt: meta.nowMs })
          .where(eq(s.playlists.id, id))
          .toSQL(),
        ...indexSearchItemStatements("playlist", id),
      ];
      if (meta.activity) {
        steps.push({
          sql: `INSERT INTO playlist_activity (playlist_id, user_id, action, detail, snapshot_id, at)
                SELECT id, ?, 'details', ?, snapshot_id, ? FROM playlists WHERE id = ?`,
          params: [meta.userId, JSON.stringify(meta.activity), meta.nowMs, id],
        });
      }
      await runSteps(database, steps);
      return (await db.select().from(s.playlists).where(eq(s.playlists.id, id)).get()) ?? null;
    },

    async deletePlaylist(id) {
      await runSteps(database, [
        ...unindexSearchItemStatements("playlist", id),
        db.delete(s.playlists).where(eq(s.playlists.id, id)).toSQL(),
      ]);
    },

    async findPlaylists(ids) {
      if (ids.length === 0) return [];
      return withOwner().where(inList(s.playlists.id, ids));
    },

    async changePlaylistItems(request) {
      const results = await database.batch(changeStatements(database, request));
      if (results[0]?.meta.changes === 1) return { ok: true, snapshotId: request.newSnapshotId };
      const now = await db
        .select({ snapshotId: s.playlists.snapshotId, itemCount: s.playlists.itemCount })
        .from(s.playlists)
        .where(eq(s.playlists.id, request.playlistId))
        .get();
      if (!now) return { ok: false, reason: "not_found" };
      if (request.ifSnapshot !== undefined && now.snapshotId !== request.ifSnapshot) {
        return { ok: false, reason: "stale_snapshot" };
      }
      return { ok: false, reason: "too_many_items" };
    },

    async listPlaylistItems(id, { limit, offset }) {
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
            sql`${s.playlistItems.position} >= ${offset}`,
            sql`${s.playlistItems.position} < ${offset + limit}`,
          ),
        )
        .orderBy(asc(s.playlistItems.position));
    },

    async readPlaylistPage(id, readerId, { limit, offset }) {
      // One batch: everything is keyed by the id, the reader and the page's positions, and each
      // statement reads one table (see above), so the owner is found by subquery.
      const inPage = and(
        eq(s.playlistItems.playlistId, id),
        gte(s.playlistItems.position, offset),
        lt(s.playlistItems.position, offset + limit),
      );
      const pageTracks = sql`SELECT ${s.playlistItems.trackId} FROM ${s.playlistItems} WHERE ${inPage}`;
      const [playlists, owners, followers, collaborators, items, episodes, ...music] = await db.batch([
        db.select().from(s.playlists).where(eq(s.playlists.id, id)),
        db
          .select()
          .from(s.users)
          .where(
            eq(
              s.users.id,
              sql`(SELECT ${s.playlists.ownerId} FROM ${s.playlists} WHERE ${s.playlists.id} = ${id})`,
            ),
          ),
        db.select({ n: count() }).from(s.playlistFollows).where(eq(s.playlistFollows.playlistId, id)),
        db
          .select({ userId: s.playlistCollaborators.userId })
          .from(s.playlistCollaborators)
          .where(
            and(eq(s.playlistCollaborators.playlistId, id), eq(s.playlistCollaborators.userId, readerId)),
          ),
        db.select().from(s.playlistItems).where(inPage).orderBy(asc(s.playlistItems.position)),
        db
          .select()
          .from(s.tracks)
          .where(
            and(
              inArray(s.tracks.id, sql`(${pageTracks})`),
              isNotNull(s.tracks.currentEncodeId),
              eq(s.tracks.kind, "episode"),
            ),
          ),
        ...objects.musicStatements(pageTracks, []),
      ]);
      const [playlist] = playlists;
      const [owner] = owners;
      const rows = musicRows(...(music as MusicResults));
      const playable = new Map([...rows.tracks, ...episodes].map((track) => [track.id, track]));
      return {
        details: playlist && owner ? { playlist, owner, followers: followers[0]?.n ?? 0 } : null,
        collaborator: collaborators.length > 0,
        entries: items.map((item) => ({ item, track: playable.get(item.trackId) ?? null })),
        music: { ...rows, artists: [] },
      };
    },

    async findPlaylistItemsAt(id, positions) {
      if (positions.length === 0) return [];
      return db
        .select()
        .from(s.playlistItems)
        .where(and(eq(s.playlistItems.playlistId, id), inList(s.playlistItems.position, positions)))
        .orderBy(asc(s.playlistItems.position));
    },

    async findPlaylistItemsOf(id, trackIds) {
      if (trackIds.length === 0) return [];
      return db
        .select()
        .from(s.playlistItems)
        .where(and(eq(s.playlistItems.playlistId, id), inList(s.playlistItems.trackId, trackIds)))
        .orderBy(asc(s.playlistItems.position));
    },

    async listPlaylistCoverAlbums(id, max) {
      // Walks items in order and stops as soon as `max` distinct albums are found.
      const rows = await database
        .prepare(
          `SELECT t.album_id AS album_id, MIN(i.position) AS first FROM playlist_items i
           JOIN tracks t ON t.id = i.track_id
           WHERE i.playlist_id = ?1 AND i.position < ?2
           GROUP BY t.album_id ORDER BY first LIMIT ?3`,
        )
        .bind(id, COVER_SCAN_ITEMS, max)
        .all<{ album_id: string }>();
      return rows.results.map((row) => row.album_id);
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
      const row = await db
        .select({ id: s.playlistCollaborators.userId })
        .from(s.playlistCollaborators)
        .where(and(eq(s.playlistCollaborators.playlistId, id), eq(s.playlistCollaborators.userId, userId)))
        .get();
      return row !== undefined;
    },

    async addCollaborator(id, userId, meta) {
      const [added] = await db.batch([
        db
          .insert(s.playlistCollaborators)
          .values({ playlistId: id, userId, addedAt: meta.nowMs })
          .onConflictDoNothing()
          .returning({ id: s.playlistCollaborators.userId }),
        db
          .insert(s.playlistFollows)
          .values({ playlistId: id, userId, public: true, followedAt: meta.nowMs })
          .onConflictDoNothing(),
      ]);
      if (added.length === 0) return false;
      await logActivity(database, id, meta, "collaborator_added", { user_id: userId });
      return true;
    },

    async removeCollaborator(id, userId, meta) {
      const removed = await db
        .delete(s.playlistCollaborators)
        .where(and(eq(s.playlistCollaborators.playlistId, id), eq(s.playlistCollaborators.userId, userId)))
        .returning({ id: s.playlistCollaborators.userId });
      if (removed.length === 0) return false;
      await logActivity(database, id, meta, "collaborator_removed", { user_id: userId });
      return true;
    },

    async followPlaylist(id, userId, options) {
      // Followers are a public playlist's popularity in search.
      await runSteps(database, [
        db
          .insert(s.playlistFollows)
          .values({ playlistId: id, userId, public: options.public, followedAt: options.nowMs })
          .onConflictDoUpdate({
            target: [s.playlistFollows.playlistId, s.playlistFollows.userId],
            set: { public: options.public },
          })
          .toSQL(),
        ...indexSearchItemStatements("playlist", id),
      ]);
    },

    async unfollowPlaylist(id, userId) {
      await runSteps(database, [
        db
          .delete(s.playlistFollows)
          .where(and(eq(s.playlistFollows.playlistId, id), eq(s.playlistFollows.userId, userId)))
          .toSQL(),
        ...indexSearchItemStatements("playlist", id),
      ]);
    },

    async findPlaylistFollows(id, userIds) {
      if (userIds.length === 0) return new Map();
      const rows = await db
        .select({ userId: s.playlistFollows.userId, public: s.playlistFollows.public })
        .from(s.playlistFollows)
        .where(and(eq(s.playlistFollows.playlistId, id), inList(s.playlistFollows.userId, userIds)));
      return new Map(rows.map((row) => [row.userId, { public: row.public }]));
    },
  };
}

/** How far into a playlist its cover looks for four distinct albums. */
const COVER_SCAN_ITEMS = 200;

async function logActivity(
  database: D1Database,
  playlistId: string,
  meta: { byUserId: string; nowMs: number },
  action: "collaborator_added" | "collaborator_removed",
  detail: Record<string, unknown>,
): Promise<void> {
  await database
    .prepare(
      `INSERT INTO playlist_activity (playlist_id, user_id, action, detail, snapshot_id, at)
       SELECT id, ?2, ?3, ?4, snapshot_id, ?5 FROM playlists WHERE id = ?1`,
    )
    .bind(playlistId, meta.byUserId, action, JSON.stringify(detail), meta.nowMs)
    .run();
}

/**
 * The statements of one item change. Parameters are numbered: ?1 playlist, ?2 new snapshot,
 * ?3 now, ?4 user; the rest are per change.
 */
function changeStatements(database: D1Database, request: ItemChangeRequest): D1PreparedStatement[] {
  const { playlistId, change, newSnapshotId, nowMs, userId } = request;
  const guard = "EXISTS (SELECT 1 FROM playlists WHERE id = ?1 AND snapshot_id = ?2)";
  const ifSnapshot = request.ifSnapshot === undefined ? "" : " AND snapshot_id = ?6";
  const common = [playlistId, newSnapshotId, nowMs, userId] as const;
  // Binds exactly as many values as the statement's highest `?N` asks for (D1 checks the count).
  const prepare = (query: string, ...extra: unknown[]) => {
    const highest = Math.max(...[...query.matchAll(/\?(\d+)/g)].map((m) => Number(m[1])));
    return database.prepare(query).bind(...[...common, ...extra].slice(0, highest));
  };

  /** Moves the playlist to the new snapshot with `itemCount` as its new count; ?5 is the count's parameter. */
  const advance = (itemCount: string, countParam: number) =>
    prepare(
      `UPDATE playlists SET snapshot_id = ?2, updated_at = ?3, item_count = ${itemCount}
       WHERE id = ?1 AND ${itemCount} <= ?7${ifSnapshot}`,
      countParam,
      request.ifSnapshot ?? null,
      request.maxItems,
    );
  /** Turns the negative positions a move wrote back into real ones. */
  const settle = () =>
    prepare("UPDATE playlist_items SET position = -1 - position WHERE playlist_id = ?1 AND position < 0");
  const insertItems = (base: string, trackIds: string[]) =>
    prepare(
      `INSERT INTO playlist_items (playlist_id, position, track_id, added_by, added_at)
       SELECT ?1, (${base}) + j.key, j.value, ?4, ?3 FROM json_each(?5) AS j WHERE ${guard}`,
      JSON.stringify(trackIds),
    );
  const log = (detail: string) =>
    prepare(
      `INSERT INTO playlist_activity (playlist_id, user_id, action, detail, snapshot_id, at)
       SELECT ?1, ?4, ?5, ${detail}, ?2, ?3 WHERE ${guard}`,
      request.activity.action,
      JSON.stringify(request.activity.detail),
    );

  switch (change.kind) {
    case "insert": {
      const k = change.trackIds.length;
      // Where the new items start, read after the count moved: an append lands after whatever
      // is there at that moment, an insert at most there.
      const end = `(SELECT item_count FROM playlists WHERE id = ?1) - ${k}`;
      const base = change.position === undefined ? end : `MIN(${change.position}, ${end})`;
      const statements = [advance("item_count + ?5", k)];
      if (change.position !== undefined) {
        statements.push(
          prepare(
            `UPDATE playlist_items SET position = -1 - (position + ?5)
             WHERE playlist_id = ?1 AND position >= (${base}) AND ${guard}`,
            k,
          ),
          settle(),
        );
      }
      statements.push(insertItems(base, change.trackIds), log(`json_set(?6, '$.position', (${base}))`));
      return statements;
    }
    case "remove": {
      const positions = JSON.stringify(change.positions);
      return [
        advance("item_count - ?5", change.positions.length),
        prepare(
          `DELETE FROM playlist_items WHERE playlist_id = ?1 AND position IN (SELECT value FROM json_each(?5)) AND ${guard}`,
          positions,
        ),
        prepare(
          `UPDATE playlist_items
           SET position = -1 - (position - (SELECT count(*) FROM json_each(?5) AS d WHERE d.value < playlist_items.position))
           WHERE playlist_id = ?1 AND position > ?6 AND ${guard}`,
          positions,
          Math.min(...change.positions),
        ),
        settle(),
        log("?6"),
      ];
    }
    case "reorder": {
      const move = reorderWindow(change);
      const statements = [advance("item_count + ?5", 0)];
      if (move) {
        statements.push(
          prepare(
            `UPDATE playlist_items SET position = -1 - (CASE WHEN position >= ?5 AND position < ?5 + ?6
               THEN ?7 + position - ?5 ELSE position + ?8 END)
             WHERE playlist_id = ?1 AND position >= ?9 AND position < ?10 AND ${guard}`,
            change.rangeStart,
            change.rangeLength,
            move.destination,
            move.shift,
            move.low,
            move.high,
          ),
          settle(),
        );
      }
      statements.push(log("?6"));
      return statements;
    }
    case "replace":
      return [
        advance("?5", change.trackIds.length),
        prepare(`DELETE FROM playlist_items WHERE playlist_id = ?1 AND ${guard}`),
        insertItems("0", change.trackIds),
        log("?6"),
      ];
  }
}
