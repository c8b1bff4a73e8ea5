import { base64url } from "jose";
import type { CatalogDb, UserRow } from "../../db/catalog-db.ts";
import { ApiError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken } from "./access-token.ts";
import { hashPassword, passwordWeakness, timingSafeEqual, verifyPassword } from "./passwords.ts";

/** Lifetime of a refresh token, ms (30 days). Each rotation starts a fresh lifetime. */
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export interface Registration {
  email: string;
  password: string;
  display_name: string;
  country: string;
}

/** A hash of a password nobody has, so unknown emails cost as much as wrong passwords. */
let decoyHash: Promise<string> | undefined;

export async function registerUser(
  db: CatalogDb,
  input: Registration,
  secret: string,
  nowMs: number,
): Promise<TokenPair> {
  const email = input.email.trim().toLowerCase();
  const weakness = passwordWeakness(input.password, email);
  if (weakness) throw new ApiError(400, "weak_password", weakness);
  const user: UserRow = {
    id: newId(),
    email,
    passwordHash: await hashPassword(input.password),
    displayName: input.display_name.trim(),
    country: input.country.toUpperCase(),
    product: "free",
    role: "listener",
    shareActivity: true,
    notificationsReadAt: 0,
    createdAt: nowMs,
  };
  if (!(await db.createUser(user))) {
    throw new ApiError(409, "email_taken", "An account with that email already exists; log in instead.");
  }
  return issueTokenPair(db, user, newId(), secret, nowMs);
}

export async function loginUser(
  db: CatalogDb,
  credentials: { email: string; password: string },
  secret: string,
  nowMs: number,
): Promise<TokenPair> {
  const user = await db.findUserByEmail(credentials.email.trim().toLowerCase());
  if (!user) {
    decoyHash ??= hashPassword(crypto.randomUUID());
    await verifyPassword(credentials.password, await decoyHash);
    throw invalidCredentials();
  }
  if (!(await verifyPassword(credentials.password, user.passwordHash))) throw invalidCredentials();
  return issueTokenPair(db, user, newId(), secret, nowMs);
}

/**
 * Rotates a refresh token: the presented one is spent and a new one in the same family is
 * issued. Presenting a spent token again means it leaked, so the whole family is revoked.
 */
export async function refreshSession(
  db: CatalogDb,
  refreshToken: string,
  secret: string,
  nowMs: number,
): Promise<TokenPair> {
  const row = await findPresentedToken(db, refreshToken);
  if (!row || row.revokedAt !== null || row.expiresAt <= nowMs) throw invalidRefreshToken();
  if (row.usedAt !== null || !(await db.spendRefreshToken(row.id, nowMs))) {
    await db.revokeRefreshFamily(row.familyId, nowMs);
    throw new ApiError(401, "refresh_token_reused", "This refresh token was already used; log in again.");
  }
  const user = await db.findUserById(row.userId);
  if (!user) throw invalidRefreshToken();
  return issueTokenPair(db, user, row.familyId, secret, nowMs);
}

/** Ends the login the refresh token belongs to. Unknown tokens are ignored (logout is idempotent). */
export async function logoutSession(db: CatalogDb, refreshToken: string, nowMs: number): Promise<void> {
  const row = await findPresentedToken(db, refreshToken);
  if (row) await db.revokeRefreshFamily(row.familyId, nowMs);
}

async function issueTokenPair(
  db: CatalogDb,
  user: UserRow,
  familyId: string,
  secret: string,
  nowMs: number,
): Promise<TokenPair> {
  const id = newId();
  const tokenSecret = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  await db.insertRefreshToken({
    id,
    userId: user.id,
    familyId,
    secretHash: await sha256(tokenSecret),
    expiresAt: nowMs + REFRESH_TOKEN_TTL_MS,
    usedAt: null,
    revokedAt: null,
    createdAt: nowMs,
  });
  return {
    access_token: await issueAccessToken(user, secret, nowMs),
    refresh_token: `${id}.${tokenSecret}`,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
  };
}

async function findPresentedToken(db: CatalogDb, presented: string) {
  const [id, tokenSecret] = presented.split(".");
  if (!id || !tokenSecret || !/^[0-9A-Za-z]{22}$/.test(id)) return null;
  const row = await db.findRefreshToken(id);
  if (!row) return null;
  const matches = timingSafeEqual(
    new TextEncoder().encode(await sha256(tokenSecret)),
    new TextEncoder().encode(row.secretHash),
  );
  return matches ? row : null;
}

async function sha256(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return base64url.encode(new Uint8Array(digest));
}

function invalidCredentials(): ApiError {
  return new ApiError(401, "invalid_credentials", "Email or password is wrong.");
}

function invalidRefreshToken(): ApiError {
  return new ApiError(401, "invalid_refresh_token", "The refresh token is invalid or expired; log in again.");
}
