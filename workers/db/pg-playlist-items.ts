import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { PgDb } from "./neon.ts";
import {
  type ItemChange,
  type ItemChangeOutcome,
  type ItemChangeRequest,
  reorderWindow,
} from "./playlist-db.ts";
import * as s from "./schema.pg.ts";

/**
 * A playlist's item changes on Postgres (`changePlaylistItems` of `pg-playlists.ts`): one
 * transaction that first locks the playlist row, so changes to one playlist queue behind each
 * other, and each checks the snapshot and the cap, and computes an append's positions, against
 * the version it will change. Positions stay dense (`0 .. item_count - 1`); moves go through
 * negative positions, because Postgres checks the primary key row by row during an UPDATE.
 */

/** One item change, inside the caller's transaction. */
export async function changeItems(tx: PgDb, request: ItemChangeRequest): Promise<ItemChangeOutcome> {
  const { playlistId: id, change, newSnapshotId, nowMs, userId } = request;
  const [now] = await tx
    .select({ snapshotId: s.playlists.snapshotId, itemCount: s.playlists.itemCount })
    .from(s.playlists)
    .where(eq(s.playlists.id, id))
    .for("update");
  if (!now) return { ok: false, reason: "not_found" };
  if (request.ifSnapshot !== undefined && now.snapshotId !== request.ifSnapshot) {
    return { ok: false, reason: "stale_snapshot" };
  }
  const itemCount = countAfter(change, now.itemCount);
  if (itemCount > request.maxItems) return { ok: false, reason: "too_many_items" };
  await tx
    .update(s.playlists)
    .set({ snapshotId: newSnapshotId, updatedAt: nowMs, itemCount })
    .where(eq(s.playlists.id, id));

  const items = eq(s.playlistItems.playlistId, id);
  /** Moves the rows `where` picks to `-1 - (their new position)`; `settle` turns them back. */
  const moveAside = (newPosition: SQL, where: SQL | undefined) =>
    tx
      .update(s.playlistItems)
      .set({ position: sql`-1 - (${newPosition})` })
      .where(and(items, where));
  const settle = () =>
    tx
      .update(s.playlistItems)
      .set({ position: sql`-1 - ${s.playlistItems.position}` })
      .where(and(items, lt(s.playlistItems.position, 0)));
  const insertItems = async (base: number, trackIds: string[]) => {
    if (trackIds.length === 0) return;
    await tx.insert(s.playlistItems).values(
      trackIds.map((trackId, j) => ({
        playlistId: id,
        position: base + j,
        trackId,
        addedBy: userId,
        addedAt: nowMs,
      })),
    );
  };
  let detail = request.activity.detail;

  switch (change.kind) {
    case "insert": {
      const k = change.trackIds.length;
      // An append lands after whatever is there now (the row is locked), an insert at most there.
      const base = change.position === undefined ? now.itemCount : Math.min(change.position, now.itemCount);
      if (base < now.itemCount) {
        await moveAside(sql`${s.playlistItems.position} + ${k}`, gte(s.playlistItems.position, base));
        await settle();
      }
      await insertItems(base, change.trackIds);
      // As D1's `json_set(detail, '$.position', base)`: the key goes last unless already there.
      detail = { ...detail, position: base };
      break;
    }
    case "remove": {
      const removed = change.positions;
      if (removed.length === 0) break;
      await tx.delete(s.playlistItems).where(and(items, inArray(s.playlistItems.position, removed)));
      // Each later item moves down by the number of removed positions before it.
      const before = sql`(SELECT count(*)::int FROM unnest(${sql.param(removed)}::int[]) AS d(p)
        WHERE d.p < ${s.playlistItems.position})`;
      await moveAside(
        sql`${s.playlistItems.position} - ${before}`,
        sql`${s.playlistItems.position} > ${Math.min(...removed)}`,
      );
      await settle();
      break;
    }
    case "reorder": {
      const move = reorderWindow(change);
      if (move) {
        const { rangeStart, rangeLength } = change;
        const position = s.playlistItems.position;
        await moveAside(
          sql`CASE WHEN ${position} >= ${rangeStart} AND ${position} < ${rangeStart + rangeLength}
            THEN ${move.destination} + ${position} - ${rangeStart} ELSE ${position} + ${move.shift} END`,
          and(gte(position, move.low), lt(position, move.high)),
        );
        await settle();
      }
      break;
    }
    case "replace":
      await tx.delete(s.playlistItems).where(items);
      await insertItems(0, change.trackIds);
      break;
  }
  await tx.insert(s.playlistActivity).values({
    playlistId: id,
    userId,
    action: request.activity.action,
    detail: JSON.stringify(detail),
    snapshotId: newSnapshotId,
    at: nowMs,
  });
  return { ok: true, snapshotId: newSnapshotId };
}

/** The item count a change leaves, as D1 computes it (a removal counts the positions it names). */
function countAfter(change: ItemChange, itemCount: number): number {
  switch (change.kind) {
    case "insert":
      return itemCount + change.trackIds.length;
    case "remove":
      return itemCount - change.positions.length;
    case "reorder":
      return itemCount;
    case "replace":
      return change.trackIds.length;
  }
}
