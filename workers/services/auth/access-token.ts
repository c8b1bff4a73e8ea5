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

/** Verifies signature, algorithm, type, issuer, audience and expiry (RFC 8725 §3). */
export async function verifyAccessToken(
  token: string,
  secret: string,
  nowMs: number,
): Promise<AuthUser | TokenProblem> {
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
    return { id: sub, country, product, role };
  } catch (err) {
    return err instanceof errors.JWTExpired ? "expired" : "invalid";
  }
}
