import { Hono } from "hono";
import { z } from "zod";
import type { ListeningActivity } from "../../durable-objects/user-session/protocol.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { toUri } from "../ids.ts";
import { requireUser } from "../middleware/auth.ts";
import { unique, viewTracksById } from "../services/browse.ts";
import { byRecency, pickActivity } from "../services/friend-activity.ts";
import { validate } from "../validation.ts";
import { marketView, originOf, shapeTrack } from "./browse.ts";
import { publicUser } from "./shapes.ts";

/** Friends whose activity one request shows at most (the most recently followed). */
const MAX_FRIENDS = 50;

const Privacy = z.strictObject({ share_activity: z.boolean() });

/** `/v1/users/{id}`: a user's public profile; `followers.total` counts who follows them. */
export const usersApp = new Hono<AppEnv>().get(
  "/:id",
  requireUser,
  validate("param", z.object({ id: z.string().min(1).max(64) })),
  async (c) => {
    const { id } = c.req.valid("param");
    const user = await c.var.db.findUserById(id);
    if (!user) throw new ApiError(404, "not_found", `No user ${toUri("user", id)}.`);
    const followers = (await c.var.db.countFollowers("user", [id])).get(id) ?? 0;
    return c.json(publicUser(user, originOf(c), followers));
  },
);

/**
 * `/api/social/friend-activity`: for each user the caller follows who shares their activity,
 * the music they play now or played last, most recent first. Users who turned sharing off are
 * left out entirely, so nothing tells them apart from someone the caller does not follow.
 */
export const socialApp = new Hono<AppEnv>().get("/friend-activity", requireUser, async (c) => {
  const friends = await c.var.db.listFollowedUsersSharingActivity(c.var.user.id, MAX_FRIENDS);
  const nowMs = Date.now();
  const settled = await Promise.allSettled(
    friends.map((friend) => c.env.USER_SESSION.getByName(friend.id).listeningActivity(nowMs)),
  );
  const activities = settled.map((result): ListeningActivity | null => {
    if (result.status === "fulfilled") return result.value;
    // One friend's session failing must not hide everyone else's.
    console.error(`[${c.var.requestId}] friend activity unavailable`, result.reason);
    return null;
  });
  const ids = unique(
    activities.flatMap((a) =>
      [a?.now_playing?.track_id, a?.last_play?.track_id].filter((id) => id !== undefined),
    ),
  );
  const views = await viewTracksById(c.var.db, ids);
  const tracks = new Map(views.flatMap((view) => (view ? [[view.track.id, view] as const] : [])));
  const view = marketView(c, undefined);
  const shown = friends
    .map((user, n) => ({ user, ...pickActivity(activities[n] ?? null, (id) => tracks.get(id) ?? null) }))
    .sort(byRecency);
  return c.json({
    friends: shown.map(({ user, track, contextUri, isPlaying, timestamp }) => ({
      user: { id: user.id, display_name: user.displayName, uri: toUri("user", user.id) },
      track: track && shapeTrack(track, originOf(c), view),
      context_uri: contextUri,
      is_playing: isPlaying,
      timestamp,
    })),
  });
});

/** `/api/me/privacy`: whether the people who follow the caller see what they play. */
export const privacyApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", async (c) => {
    const user = await c.var.db.findUserById(c.var.user.id);
    if (!user) throw new ApiError(401, "invalid_token", "The account behind this token no longer exists.");
    return c.json({ share_activity: user.shareActivity });
  })
  .put("/", validate("json", Privacy), async (c) => {
    const { share_activity } = c.req.valid("json");
    if (!(await c.var.db.setShareActivity(c.var.user.id, share_activity))) {
      throw new ApiError(401, "invalid_token", "The account behind this token no longer exists.");
    }
    return c.json({ share_activity });
  });
