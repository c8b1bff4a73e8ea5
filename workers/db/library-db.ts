import type { AlbumRow, UserRow } from "./catalog-db.ts";
import type * as s from "./schema.sqlite.ts";

export type LibraryItemRow = typeof s.libraryItems.$inferSelect;
/** What a library holds: saved tracks, albums and shows; followed artists and users. */
export type LibraryKind = LibraryItemRow["kind"];

export interface LibraryPage {
  items: LibraryItemRow[];
  /** Available items of the kind in the whole library. */
  total: number;
}

/**
 * The library and social part of the data-access interface: saved tracks, albums and shows,
 * followed artists and users, privacy and notifications. `CatalogDb` includes it. Times are
 * epoch ms.
 *
 * An item is *available* while libraries can show it: a playable music track; a music album or
 * artist with one; a show; an existing user. An item that stops being available stays saved (it
 * comes back when it does) but is not listed or counted.
 */
export interface LibraryDb {
  /**
   * Adds to a user's library the ids that name available items of `kind` (others are skipped,
   * never stored), all at `nowMs`; an item already there keeps its `saved_at`.
   */
  saveLibraryItems(userId: string, kind: LibraryKind, itemIds: string[], nowMs: number): Promise<void>;
  /** Removes items from a user's library; ids that are not there are ignored. */
  removeLibraryItems(userId: string, kind: LibraryKind, itemIds: string[]): Promise<void>;
  /** Which of `itemIds` are in the user's library (available or not). */
  findLibraryItemIds(userId: string, kind: LibraryKind, itemIds: string[]): Promise<Set<string>>;
  /** One page of a user's available items of `kind`, most recently saved first. */
  listLibraryItems(
    userId: string,
    kind: LibraryKind,
    page: { limit: number; offset: number },
  ): Promise<LibraryPage>;
  /**
   * A user's available items of `kind` by item id, those after `after` (exclusive; from the
   * start when absent), at most `limit`: keyset paging for Spotify's cursors.
   */
  listLibraryItemsAfter(
    userId: string,
    kind: LibraryKind,
    page: { limit: number; after?: string },
  ): Promise<LibraryPage>;
  /** How many available items of each kind a user's library holds. */
  countLibraryItems(userId: string): Promise<Record<LibraryKind, number>>;
  /** How many users follow each of `ids` (artists or users); ids nobody follows are absent. */
  countFollowers(kind: "artist" | "user", ids: string[]): Promise<Map<string, number>>;

  /** Users that `userId` follows and that share their activity, most recently followed first. */
  listFollowedUsersSharingActivity(userId: string, limit: number): Promise<UserRow[]>;
  /** Returns false when there is no such user. */
  setShareActivity(userId: string, share: boolean): Promise<boolean>;

  /**
   * Notifications: browsable music albums by artists the user follows that were created after
   * they followed the artist, newest first. `unread` counts those created after `readAt`.
   */
  listFollowedArtistReleases(
    userId: string,
    page: { limit: number; offset: number },
    readAt: number,
  ): Promise<{ items: AlbumRow[]; total: number; unread: number }>;
  /** Marks every notification up to `nowMs` read (never moves the mark back). */
  markNotificationsRead(userId: string, nowMs: number): Promise<void>;

  /** Genre names of each of `artistIds` (artists without one are absent). */
  findArtistGenres(artistIds: string[]): Promise<Map<string, string[]>>;
}
