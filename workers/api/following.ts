import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { inRequestedOrder } from "../services/browse.ts";
import { idList, validate } from "../validation.ts";
import { originOf } from "./browse.ts";
import { idsOfWrite } from "./ids-input.ts";
import { artistObject } from "./shapes.ts";

/** Spotify's cap on ids per follow request. */
const MAX_IDS = 50;

const FollowType = z.enum(["artist", "user"]);

const FollowedArtistsQuery = z.object({
  type: z.literal("artist", { message: "only artist is supported" }),
  /** The last artist id of the previous page. */
  after: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/**
 * `/v1/me/following`: the artists and users the caller follows. Listing pages followed artists
 * by id with Spotify's cursor (`after` = the last id seen), so a follow or unfollow between
 * pages neither repeats nor skips one. Following names that are not a browsable artist or an
 * existing user are skipped, as Spotify does; following oneself is refused.
 */
export const followingApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", validate("query", FollowedArtistsQuery), async (c) => {
    const { after, limit } = c.req.valid("query");
    const page = await c.var.db.listLibraryItemsAfter(c.var.user.id, "artist", { limit: limit + 1, after });
    const more = page.items.length > limit;
    const ids = page.items.slice(0, limit).map((item) => item.itemId);
    const artists = inRequestedOrder(ids, await c.var.db.findPlayableArtists(ids), (d) => d.artist.id);
    const last = ids.at(-1);
    const href = new URL(c.req.url);
    const next = new URL(href);
    next.searchParams.set("limit", String(limit));
    if (last) next.searchParams.set("after", last);
    return c.json({
      artists: {
        href: href.toString(),
        items: artists.flatMap((details) => (details ? [artistObject(details, originOf(c))] : [])),
        limit,
        next: more ? next.toString() : null,
        cursors: { after: more ? (last ?? null) : null },
        total: page.total,
      },
    });
  })
  .get("/contains", validate("query", z.object({ type: FollowType, ids: idList(MAX_IDS) })), async (c) => {
    const { type, ids } = c.req.valid("query");
    const followed = await c.var.db.findLibraryItemIds(c.var.user.id, type, ids);
    return c.json(ids.map((id) => followed.has(id)));
  })
  .put("/", validate("query", z.object({ type: FollowType, ids: idList(MAX_IDS).optional() })), async (c) => {
    const { type, ids: fromQuery } = c.req.valid("query");
    const ids = await idsOfWrite(c, fromQuery, MAX_IDS);
    if (type === "user" && ids.includes(c.var.user.id)) {
      throw new ApiError(400, "cannot_follow_self", "You cannot follow yourself.");
    }
    await c.var.db.saveLibraryItems(c.var.user.id, type, ids, Date.now());
    return c.body(null, 204);
  })
  .delete(
    "/",
    validate("query", z.object({ type: FollowType, ids: idList(MAX_IDS).optional() })),
    async (c) => {
      const { type, ids: fromQuery } = c.req.valid("query");
      const ids = await idsOfWrite(c, fromQuery, MAX_IDS);
      await c.var.db.removeLibraryItems(c.var.user.id, type, ids);
      return c.body(null, 204);
    },
  );
