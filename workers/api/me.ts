import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { privateUser } from "./shapes.ts";

/** `/v1/me`: the current user's private profile. */
export const meApp = new Hono<AppEnv>().get("/", requireUser, async (c) => {
  const user = await c.var.db.findUserById(c.var.user.id);
  if (!user) throw new ApiError(401, "invalid_token", "The account behind this token no longer exists.");
  const followers = (await c.var.db.countFollowers("user", [user.id])).get(user.id) ?? 0;
  return c.json(privateUser(user, new URL(c.req.url).origin, followers));
});
