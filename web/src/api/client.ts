import { signal } from "@preact/signals";

/**
 * The player's one way to call Cadenza: bearer tokens, silent refresh, and every failure as an
 * {@link ApiRequestError} carrying the API's `{error:{status,code,message}}`.
 */

/** Tokens as `/api/auth/login`, `/register` and `/refresh` return them. */
export interface Tokens {
  access_token: string;
  refresh_token: string;
  /** Seconds the access token lives, from when it was issued. */
  expires_in: number;
}

interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is refreshed before use. */
  refreshAt: number;
}

const STORAGE_KEY = "cadenza.session";
/** Refresh this long before the access token expires, ms. */
const REFRESH_MARGIN_MS = 60_000;

/** A failed call: the API's status, machine-readable code and message (or the network's). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
  }
  /** The network failed (offline, server down): no HTTP answer at all. */
  get offline(): boolean {
    return this.status === 0;
  }
}

function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

/** The signed-in session, or null; pages and the player react to it. */
export const session = signal<StoredSession | null>(readSession());
/** Set when a session ends without the listener asking (refresh refused): the login page says so. */
export const sessionExpired = signal(false);

function storeTokens(tokens: Tokens): void {
  const next: StoredSession = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    refreshAt: Date.now() + tokens.expires_in * 1000 - REFRESH_MARGIN_MS,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  session.value = next;
  sessionExpired.value = false;
}

function dropSession(expired: boolean): void {
  localStorage.removeItem(STORAGE_KEY);
  session.value = null;
  sessionExpired.value = expired;
}

// Another tab signing in or out changes this one too.
addEventListener("storage", (event) => {
  if (event.key === STORAGE_KEY) session.value = readSession();
});

async function send(path: string, init: RequestInit, accessToken?: string): Promise<Response> {
  const headers = new Headers(init.headers);
  if (accessToken) headers.set("authorization", `Bearer ${accessToken}`);
  if (init.body !== undefined && typeof init.body === "string" && !headers.has("content-type"))
    headers.set("content-type", "application/json");
  try {
    return await fetch(path, { ...init, headers });
  } catch {
    throw new ApiRequestError(0, "offline", "Cadenza can't be reached. Check your connection and try again.");
  }
}

async function errorOf(response: Response): Promise<ApiRequestError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { status?: number; code?: string; message?: string };
  } | null;
  return new ApiRequestError(
    response.status,
    body?.error?.code ?? `http_${response.status}`,
    body?.error?.message ?? `The request failed (HTTP ${response.status}).`,
  );
}

let refreshing: Promise<StoredSession | null> | null = null;

/** Exchanges the refresh token once, however many calls are waiting for it. */
function refreshSession(): Promise<StoredSession | null> {
  refreshing ??= (async () => {
    const current = readSession();
    if (!current) return null;
    const response = await send("/api/auth/refresh", {
      method: "POST",
      body: JSON.stringify({ refresh_token: current.refreshToken }),
    });
    if (response.status >= 400 && response.status < 500) {
      dropSession(true);
      return null;
    }
    if (!response.ok) throw await errorOf(response);
    storeTokens((await response.json()) as Tokens);
    return session.value;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The access token while it needs no refresh, else null. */
function freshToken(): string | null {
  const current = session.value;
  return current && Date.now() < current.refreshAt ? current.accessToken : null;
}

/** A current access token (refreshed first when it is about to expire), or null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (!session.value) return null;
  return freshToken() ?? (await refreshSession())?.accessToken ?? null;
}

/**
 * A plain request with the listener's token, for answers that are not JSON (audio). It leaves
 * synchronously while the token is fresh; errors are the caller's to read from the response.
 */
export function fetchWithToken(path: string): Promise<Response> {
  const token = freshToken();
  if (token) return send(path, {}, token);
  return accessToken().then((renewed) => send(path, {}, renewed ?? undefined));
}

/**
 * Calls the API and returns its JSON (null for 204). A 401 refreshes the session once and
 * retries; `init.body` objects are sent as JSON.
 */
export async function api<T>(
  path: string,
  init: Omit<RequestInit, "body"> & { body?: unknown } = {},
): Promise<T> {
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const request = { ...init, body } as RequestInit;
  // With a fresh token the request leaves synchronously, before the caller's other work.
  let response = await send(path, request, freshToken() ?? (await accessToken()) ?? undefined);
  if (response.status === 401 && session.value) {
    const renewed = await refreshSession();
    if (renewed) response = await send(path, request, renewed.accessToken);
  }
  if (!response.ok) throw await errorOf(response);
  // Some writes answer 200 with an empty body (Spotify's library PUT/DELETE): that is null too.
  const text = response.status === 204 ? "" : await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** Signs in with email and password. */
export async function logIn(email: string, password: string): Promise<void> {
  storeTokens(await api<Tokens>("/api/auth/login", { method: "POST", body: { email, password } }));
}

/** Creates an account and signs in to it. */
export async function signUp(account: {
  email: string;
  password: string;
  display_name: string;
  country: string;
}): Promise<void> {
  storeTokens(await api<Tokens>("/api/auth/register", { method: "POST", body: account }));
}

/** Ends the session on the server (its refresh token stops working) and here. */
export async function logOut(): Promise<void> {
  const current = readSession();
  dropSession(false);
  if (current)
    await send("/api/auth/logout", {
      method: "POST",
      body: JSON.stringify({ refresh_token: current.refreshToken }),
    }).catch(() => undefined);
}
