import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import type { AuthUser } from "../services/auth/access-token.ts";
import { verifyAccessToken } from "../services/auth/access-token.ts";
import { timingSafeEqual } from "../services/auth/passwords.ts";

/** Requires a valid access token (`Authorization: Bearer …`); sets `c.var.user`. */
export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", await authenticate(c));
  await next();
});

/** Requires one of the given roles on top of a valid token. */
export function requireRole(...roles: AuthUser["role"][]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const user = await authenticate(c);
    if (!roles.includes(user.role)) {
      throw new ApiError(403, "forbidden", `This needs an account with the ${roles.join(" or ")} role.`);
    }
    c.set("user", user);
    await next();
  });
}

/** Verifies the bearer token of the request; throws 401 with the reason. */
export async function authenticate(c: Context<AppEnv>): Promise<AuthUser> {
  const token = bearerToken(c);
  if (!token)
    throw new ApiError(401, "missing_token", "No access token: send `Authorization: Bearer <token>`.");
  const result = await verifyAccessToken(token, c.var.config.JWT_SECRET, Date.now());
  if (result === "expired") throw new ApiError(401, "token_expired", "The access token expired; refresh it.");
  if (result === "invalid") throw new ApiError(401, "invalid_token", "Invalid access token.");
  return result;
}

export function bearerToken(c: Context<AppEnv>): string | null {
  const header = c.req.header("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Guards `/internal`: only the transcoder (or an operator) holding TRANSCODER_TOKEN passes. */
export const requireServiceToken = createMiddleware<AppEnv>(async (c, next) => {
  const presented = new TextEncoder().encode(bearerToken(c) ?? "");
  const expected = new TextEncoder().encode(c.var.config.TRANSCODER_TOKEN);
  if (!timingSafeEqual(presented, expected)) {
    throw new ApiError(401, "invalid_service_token", "This endpoint needs the service token.");
  }
  await next();
});
