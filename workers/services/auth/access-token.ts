import { errors, jwtVerify, SignJWT } from "jose";
import type { UserRow } from "../../db/catalog-db.ts";
import { hmacKey } from "../hmac-key.ts";

/** Lifetime of an access token, seconds. */
export const ACCESS_TOKEN_TTL_SECONDS = 900;
export const TOKEN_ISSUER = "cadenza";
export const TOKEN_AUDIENCE = "cadenza-api";
/** RFC 9068 type: refresh tokens (opaque, never JWTs) and other JWTs cannot pass for this. */
const ACCESS_TOKEN_TYPE = "at+jwt";

/** Who a verified access token speaks for; enough to serve the edge path without a lookup. */
export interface AuthUser {
  id: string;
  country: string;
  product: UserRow["product"];
  role: UserRow["role"];
}

export async function issueAccessToken(user: UserRow, secret: string, nowMs: number): Promise<string> {
  const now = Math.floor(nowMs / 1000);
  return new SignJWT({ country: user.country, product: user.product, role: user.role })
    .setProtectedHeader({ alg: "HS256", typ: ACCESS_TOKEN_TYPE })
    .setSubject(user.id)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(crypto.randomUUID())
    .sign(await hmacKey(secret));
}

export type TokenProblem = "expired" | "invalid";

/**
 * Tokens this isolate has verified, and who they speak for. A client sends the same token with
 * every request for its 15 minutes; its signature and claims are checked once, its expiry every
 * time. Bounded: when full, it starts again empty.
 */
const verified = new Map<string, { secret: string; user: AuthUser; expiresMs: number }>();
const VERIFIED_TOKENS = 10_000;

/** Verifies signature, algorithm, type, issuer, audience and expiry (RFC 8725 §3). */
export async function verifyAccessToken(
  token: string,
  secret: string,
  nowMs: number,
): Promise<AuthUser | TokenProblem> {
  const known = verified.get(token);
  if (known && known.secret === secret) {
    if (nowMs < known.expiresMs) return known.user;
    verified.delete(token);
    return "expired";
  }
  const result = await verifyAfresh(token, secret, nowMs);
  if (typeof result !== "string") {
    if (verified.size >= VERIFIED_TOKENS) verified.clear();
    verified.set(token, { secret, user: result.user, expiresMs: result.expiresMs });
    return result.user;
  }
  return result;
}

async function verifyAfresh(
  token: string,
  secret: string,
  nowMs: number,
): Promise<{ user: AuthUser; expiresMs: number } | TokenProblem> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), {
      algorithms: ["HS256"],
      typ: ACCESS_TOKEN_TYPE,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: new Date(nowMs),
      requiredClaims: ["sub", "exp", "iat"],
    });
    const { sub, country, product, role } = payload;
    if (typeof sub !== "string" || typeof country !== "string") return "invalid";
    if (product !== "free" && product !== "premium") return "invalid";
    if (role !== "listener" && role !== "artist" && role !== "admin") return "invalid";
    // jose checked that `exp` is a number in the future.
    return { user: { id: sub, country, product, role }, expiresMs: (payload.exp as number) * 1000 };
  } catch (err) {
    return err instanceof errors.JWTExpired ? "expired" : "invalid";
  }
}
