import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { inRequestedOrder } from "../services/browse.ts";
import { pageQuery, validate } from "../validation.ts";
import { originOf } from "./browse.ts";
import { listedAlbum, pagingObject, simplifiedArtist } from "./shapes.ts";

/**
 * `/api/me/notifications`: new releases by the artists the caller follows (a browsable album
 * created after they followed the artist), newest first. Computed when read from the follows
 * and the albums, so a release by an artist with a million followers writes nothing per follower.
 * `read` is whether the release came before the caller last marked everything read; the paging
 * object's `unread` counts the others.
 */
export const notificationsApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", validate("query", pageQuery), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const user = await c.var.db.findUserById(c.var.user.id);
    if (!user) throw new ApiError(401, "invalid_token", "The account behind this token no longer exists.");
    const readAt = user.notificationsReadAt;
    const page = await c.var.db.listFollowedArtistReleases(user.id, { limit, offset }, readAt);
    const ids = page.items.map((album) => album.id);
    const details = inRequestedOrder(ids, await c.var.db.findPlayableAlbums(ids), (d) => d.album.id);
    const origin = originOf(c);
    const items = details.flatMap((d) =>
      d
        ? [
            {
              type: "new_release" as const,
              album: listedAlbum(d, origin),
              artist: simplifiedArtist(d.artist, origin),
              created_at: new Date(d.album.createdAt).toISOString(),
              read: d.album.createdAt <= readAt,
            },
          ]
        : [],
    );
    return c.json({
      ...pagingObject(items, { href: c.req.url, limit, offset, total: page.total }),
      unread: page.unread,
    });
  })
  .post("/read", async (c) => {
    await c.var.db.markNotificationsRead(c.var.user.id, Date.now());
    return c.body(null, 204);
  });
