import { inject } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../scripts/demo/accounts.ts";

/** Accounts for browser tests: the demo listeners, fresh ones, and their tokens (over HTTP). */

/** A user's credentials and the tokens the harness signed it in with. */
export interface Account {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

/**
 * Who a page signs in as: a demo account (`"premium"` premium@, US; `"free"` free@, SE; both
 * shared — don't mutate their library), a brand-new account (`"fresh-free"`, `"fresh-premium"`,
 * or `{ fresh, country, name }`: unique email, safe to mutate), or explicit credentials.
 */
export type Who =
  | "premium"
  | "free"
  | "fresh-free"
  | "fresh-premium"
  | { fresh: "free" | "premium"; country?: string; name?: string }
  | { email: string; password: string };

interface TokenBody {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

async function post<T>(baseUrl: string, path: string, body: unknown, bearer?: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Logs in over HTTP (`/api/auth/login`). */
export async function logInOverHttp(baseUrl: string, email: string, password: string): Promise<Account> {
  const tokens = await post<TokenBody>(baseUrl, "/api/auth/login", { email, password });
  return {
    email,
    password,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresIn: tokens.expires_in,
  };
}

/** Sets an existing user's product (and optionally role) with the service token. */
export async function grantAccess(
  baseUrl: string,
  email: string,
  access: { product?: "free" | "premium"; role?: "listener" | "artist" | "admin" },
): Promise<void> {
  await post(baseUrl, "/internal/admin/users", { email, ...access }, inject("serviceToken"));
}

let accountCounter = 0;

/**
 * Registers a new listener with a unique email (`{name}-{time}-{n}@e2e.cadenza.local`) in
 * `country` (default US); premium when asked. Returns it logged in (after the product change,
 * so the token carries it).
 */
export async function createAccount(
  baseUrl: string,
  options: { product?: "free" | "premium"; country?: string; name?: string } = {},
): Promise<Account> {
  const name = options.name ?? "listener";
  const email = `${name}-${Date.now().toString(36)}-${++accountCounter}@e2e.cadenza.local`;
  const password = "e2e-browser-password";
  await post(baseUrl, "/api/auth/register", {
    email,
    password,
    display_name: name,
    country: options.country ?? "US",
  });
  if (options.product === "premium") await grantAccess(baseUrl, email, { product: "premium" });
  return logInOverHttp(baseUrl, email, password);
}

/** Resolves `who` to a signed-in account. */
export async function accountFor(baseUrl: string, who: Who): Promise<Account> {
  if (who === "premium" || who === "free")
    return logInOverHttp(baseUrl, DEMO_ACCOUNTS[who].email, DEMO_PASSWORD);
  if (who === "fresh-free") return createAccount(baseUrl, { product: "free" });
  if (who === "fresh-premium") return createAccount(baseUrl, { product: "premium" });
  if ("fresh" in who)
    return createAccount(baseUrl, { product: who.fresh, country: who.country, name: who.name });
  return logInOverHttp(baseUrl, who.email, who.password);
}
