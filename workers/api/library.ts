import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { requireUser } from "../middleware/auth.ts";
import { inRequestedOrder, viewTracksById } from "../services/browse.ts";
import { idList, market, pageQuery, validate } from "../validation.ts";
import { albumObjects, marketView, originOf, shapeTrack } from "./browse.ts";
import { idsOfWrite } from "./ids-input.ts";
import { simplifiedShows } from "./podcasts.ts";
import { pagingObject } from "./shapes.ts";

/** One saved-items resource: what it saves, Spotify's cap on ids, and how its objects look. */
interface SavedItems<Shaped> {
  kind: "track" | "album" | "show";
  maxIds: number;
  /** Objects for `ids` in that order, null where an item is no longer available. */
  objects(c: Context<AppEnv>, ids: string[], market: string | undefined): Promise<(Shaped | null)[]>;
}

/**
 * A user's saved tracks, albums or shows, Spotify-shaped: `GET` pages them newest first as
 * `{added_at, <kind>}`, `PUT` and `DELETE` take `ids` (query or JSON body), `GET /contains`
 * answers one boolean per id. Saving is idempotent and keeps the first `added_at`; ids that name
 * nothing saveable are skipped, as Spotify does, and never stored.
 */
function savedItemsApp<Shaped>({ kind, maxIds, objects }: SavedItems<Shaped>) {
  const writeQuery = z.object({ ids: idList(maxIds).optional(), market });
  return new Hono<AppEnv>()
    .use(requireUser)
    .get("/", validate("query", pageQuery.extend({ market })), async (c) => {
      const { limit, offset, market } = c.req.valid("query");
      const page = await c.var.db.listLibraryItems(c.var.user.id, kind, { limit, offset });
      const shaped = await objects(
        c,
        page.items.map((item) => item.itemId),
        market,
      );
      const items = page.items.flatMap((item, n) => {
        const object = shaped[n];
        return object ? [{ added_at: new Date(item.savedAt).toISOString(), [kind]: object }] : [];
      });
      return c.json(pagingObject(items, { href: c.req.url, limit, offset, total: page.total }));
    })
    .get("/contains", validate("query", z.object({ ids: idList(maxIds) })), async (c) => {
      const { ids } = c.req.valid("query");
      const saved = await c.var.db.findLibraryItemIds(c.var.user.id, kind, ids);
      return c.json(ids.map((id) => saved.has(id)));
    })
    .put("/", validate("query", writeQuery), async (c) => {
      const ids = await idsOfWrite(c, c.req.valid("query").ids, maxIds);
      await c.var.db.saveLibraryItems(c.var.user.id, kind, ids, Date.now());
      return c.body(null, 200);
    })
    .delete("/", validate("query", writeQuery), async (c) => {
      const ids = await idsOfWrite(c, c.req.valid("query").ids, maxIds);
      await c.var.db.removeLibraryItems(c.var.user.id, kind, ids);
      return c.body(null, 200);
    });
}

/** `/v1/me/tracks`: Liked Songs, full track objects (`market` decides `is_playable`). */
export const savedTracksApp = savedItemsApp({
  kind: "track",
  maxIds: 50,
  async objects(c, ids, market) {
    const view = marketView(c, market);
    const tracks = await viewTracksById(c.var.db, ids);
    return tracks.map((track) => track && shapeTrack(track, originOf(c), view));
  },
});

/** `/v1/me/albums`: saved albums, full album objects with their first page of tracks. */
export const savedAlbumsApp = savedItemsApp({
  kind: "album",
  maxIds: 20,
  objects: (c, ids, market) => albumObjects(c.var.db, ids, originOf(c), marketView(c, market)),
});

/** `/v1/me/shows`: saved podcast shows, simplified show objects. */
export const savedShowsApp = savedItemsApp({
  kind: "show",
  maxIds: 50,
  async objects(c, ids) {
    const shows = await simplifiedShows(c, await c.var.db.findShows(ids));
    return inRequestedOrder(ids, shows, (show) => show.id);
  },
});
