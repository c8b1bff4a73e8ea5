import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { loginUser, logoutSession, refreshSession, registerUser } from "../services/auth/sessions.ts";
import { isCountryCode } from "../services/markets.ts";
import { validate } from "../validation.ts";

const Registration = z.object({
  email: z.email().max(254),
  password: z.string().max(1000),
  display_name: z.string().trim().min(1).max(100),
  country: z.string().length(2).refine(isCountryCode, "must be an ISO 3166-1 alpha-2 country code"),
});
const Credentials = z.object({ email: z.string().max(254), password: z.string().max(1000) });
const RefreshBody = z.object({ refresh_token: z.string().min(1).max(4096) });

/** `/api/auth`: register, log in, rotate refresh tokens, log out. */
export const authApp = new Hono<AppEnv>()
  .post("/register", validate("json", Registration), async (c) => {
    const tokens = await registerUser(c.var.db, c.req.valid("json"), c.var.config.JWT_SECRET, Date.now());
    return c.json(tokens, 201);
  })
  .post("/login", validate("json", Credentials), async (c) => {
    return c.json(await loginUser(c.var.db, c.req.valid("json"), c.var.config.JWT_SECRET, Date.now()));
  })
  .post("/refresh", validate("json", RefreshBody), async (c) => {
    const { refresh_token } = c.req.valid("json");
    return c.json(await refreshSession(c.var.db, refresh_token, c.var.config.JWT_SECRET, Date.now()));
  })
  .post("/logout", validate("json", RefreshBody), async (c) => {
    await logoutSession(c.var.db, c.req.valid("json").refresh_token, Date.now());
    return c.body(null, 204);
  });
