import { and, asc, count, desc, eq, exists, gt, or, type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import { countFollowersIn, playableMusic } from "./d1-browse-queries.ts";
import { inList } from "./d1-sql.ts";
import type { LibraryDb, LibraryKind } from "./library-db.ts";
import * as s from "./schema.sqlite.ts";

type Db = DrizzleD1Database;

const KINDS: LibraryKind[] = ["track", "album", "show", "artist", "user"];

const li = s.libraryItems;
const one = { one: sql`1` };

/**
 * The D1 queries behind the library (saved items, follows), friend activity, privacy and
 * notifications. A user's items come by the (user_id, kind, saved_at) index or the primary key;
 * followers by (kind, item_id).
 */
export function createD1LibraryQueries(db: Db): LibraryDb {
  const albumHasPlayableTrack = () =>
    exists(
      db
        .select(one)
        .from(s.tracks)
        .where(and(eq(s.tracks.albumId, s.albums.id), playableMusic)),
    );

  /** Per kind: the table its items live in, their id, and what makes one available. */
  const sources: Record<LibraryKind, { table: SQLiteTable; id: SQLiteColumn; available?: SQL }> = {
    track: { table: s.tracks, id: s.tracks.id, available: playableMusic },
    album: {
      table: s.albums,
      id: s.albums.id,
      available: and(eq(s.albums.kind, "music"), albumHasPlayableTrack()),
    },
    artist: {
      table: s.artists,
      id: s.artists.id,
      available: and(
        eq(s.artists.kind, "music"),
        exists(
          db
            .select(one)
            .from(s.tracks)
            .where(and(eq(s.tracks.artistId, s.artists.id), playableMusic)),
        ),
      ),
    },
    show: { table: s.shows, id: s.shows.id },
    user: { table: s.users, id: s.users.id },
  };

  /** Whether `itemId` (a column of the enclosing query) names an available item of `kind`. */
  const isAvailable = (kind: LibraryKind, itemId: SQLWrapper) => {
    const source = sources[kind];
    return exists(
      db
        .select(one)
        .from(source.table)
        .where(and(eq(source.id, itemId), source.available)),
    );
  };

  const userItems = (userId: string, kind: LibraryKind) =>
    and(eq(li.userId, userId), eq(li.kind, kind), isAvailable(kind, li.itemId));

  async function countWhere(where: SQL | undefined): Promise<number> {
    return (await db.select({ n: count() }).from(li).where(where))[0]?.n ?? 0;
  }

  return {
    async saveLibraryItems(userId, kind, itemIds, nowMs) {
      if (itemIds.length === 0) return;
      const source = sources[kind];
      // One statement: only available items are inserted, and saving again keeps the first
      // saved_at, as Spotify keeps `added_at`.
      await db
        .insert(li)
        .select(
          db
            .select({
              userId: sql<string>`${userId}`.as("user_id"),
              kind: sql<LibraryKind>`${kind}`.as("kind"),
              itemId: sql<string>`${source.id}`.as("item_id"),
              savedAt: sql<number>`${nowMs}`.as("saved_at"),
            })
            .from(source.table)
            .where(and(inList(source.id, itemIds), source.available)),
        )
        .onConflictDoNothing();
    },
    async removeLibraryItems(userId, kind, itemIds) {
      if (itemIds.length === 0) return;
      await db.delete(li).where(and(eq(li.userId, userId), eq(li.kind, kind), inList(li.itemId, itemIds)));
    },
    async findLibraryItemIds(userId, kind, itemIds) {
      if (itemIds.length === 0) return new Set();
      const rows = await db
        .select({ id: li.itemId })
        .from(li)
        .where(and(eq(li.userId, userId), eq(li.kind, kind), inList(li.itemId, itemIds)));
      return new Set(rows.map((row) => row.id));
    },
    async listLibraryItems(userId, kind, { limit, offset }) {
      const where = userItems(userId, kind);
      const [items, total] = await Promise.all([
        db
          .select()
          .from(li)
          .where(where)
          .orderBy(desc(li.savedAt), desc(li.itemId))
          .limit(limit)
          .offset(offset),
        countWhere(where),
      ]);
      return { items, total };
    },
    async listLibraryItemsAfter(userId, kind, { limit, after }) {
      const where = userItems(userId, kind);
      const [items, total] = await Promise.all([
        db
          .select()
          .from(li)
          .where(and(where, after === undefined ? undefined : gt(li.itemId, after)))
          .orderBy(asc(li.itemId))
          .limit(limit),
        countWhere(where),
      ]);
      return { items, total };
    },
    async countLibraryItems(userId) {
      const rows = await db
        .select({ kind: li.kind, n: count() })
        .from(li)
        .where(
          and(
            eq(li.userId, userId),
            or(...KINDS.map((kind) => and(eq(li.kind, kind), isAvailable(kind, li.itemId)))),
          ),
        )
        .groupBy(li.kind);
      const counts = Object.fromEntries(KINDS.map((kind) => [kind, 0])) as Record<LibraryKind, number>;
      for (const row of rows) counts[row.kind] = row.n;
      return counts;
    },
    countFollowers(kind, ids) {
      return countFollowersIn(db, kind, ids);
    },

    async listFollowedUsersSharingActivity(userId, limit) {
      const rows = await db
        .select({ user: s.users })
        .from(li)
        .innerJoin(s.users, eq(s.users.id, li.itemId))
        .where(and(eq(li.userId, userId), eq(li.kind, "user"), eq(s.users.shareActivity, true)))
        .orderBy(desc(li.savedAt), asc(li.itemId))
        .limit(limit);
      return rows.map((row) => row.user);
    },
    async setShareActivity(userId, share) {
      const rows = await db
        .update(s.users)
        .set({ shareActivity: share })
        .where(eq(s.users.id, userId))
        .returning({ id: s.users.id });
      return rows.length === 1;
    },

    async listFollowedArtistReleases(userId, { limit, offset }, readAt) {
      // Candidates come by index: the user's followed artists (primary key), then each one's
      // albums (albums_artist_name_unique leads with artist_id).
      const where = and(
        eq(li.userId, userId),
        eq(li.kind, "artist"),
        eq(s.albums.kind, "music"),
        gt(s.albums.createdAt, li.savedAt),
        albumHasPlayableTrack(),
      );
      const joined = eq(s.albums.artistId, li.itemId);
      const unread = sql<number>`coalesce(sum(case when ${s.albums.createdAt} > ${readAt} then 1 else 0 end), 0)`;
      const [rows, totals] = await Promise.all([
        db
          .select({ album: s.albums })
          .from(li)
          .innerJoin(s.albums, joined)
          .where(where)
          .orderBy(desc(s.albums.createdAt), asc(s.albums.id))
          .limit(limit)
          .offset(offset),
        db.select({ n: count(), unread }).from(li).innerJoin(s.albums, joined).where(where),
      ]);
      return {
        items: rows.map((row) => row.album),
        total: totals[0]?.n ?? 0,
        unread: totals[0]?.unread ?? 0,
      };
    },
    async markNotificationsRead(userId, nowMs) {
      await db
        .update(s.users)
        .set({ notificationsReadAt: sql`max(${s.users.notificationsReadAt}, ${nowMs})` })
        .where(eq(s.users.id, userId));
    },

    async findArtistGenres(artistIds) {
      if (artistIds.length === 0) return new Map();
      const rows = await db
        .select({ artistId: s.artistGenres.artistId, name: s.genres.name })
        .from(s.artistGenres)
        .innerJoin(s.genres, eq(s.genres.id, s.artistGenres.genreId))
        .where(inList(s.artistGenres.artistId, artistIds))
        .orderBy(asc(s.genres.name));
      const genres = new Map<string, string[]>();
      for (const row of rows) genres.set(row.artistId, [...(genres.get(row.artistId) ?? []), row.name]);
      return genres;
    },
  };
}
