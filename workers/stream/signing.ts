import { base64url } from "jose";
import { timingSafeEqual } from "../services/auth/passwords.ts";
import { hmacKey } from "../services/hmac-key.ts";

/**
 * HMAC-SHA256 signatures for stream URLs. A rendition signature binds track, encode,
 * rendition, user and expiry, so one signature covers every segment of that rendition and a
 * URL cannot be replayed for another track, quality or listener, or after `exp`.
 */
export interface RenditionGrant {
  trackId: string;
  encodeId: string;
  quality: string;
  userId: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** A master-playlist grant: the licence and tier checks already passed for this user. */
export interface MasterGrant {
  trackId: string;
  userId: string;
  /** The highest quality the master may offer. */
  maxQuality: string;
  exp: number;
}

async function sign(secret: string, payload: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), new TextEncoder().encode(payload));
  return base64url.encode(new Uint8Array(mac));
}

const renditionPayload = (g: RenditionGrant) =>
  `r1|${g.trackId}|${g.encodeId}|${g.quality}|${g.userId}|${g.exp}`;
const masterPayload = (g: MasterGrant) => `m1|${g.trackId}|${g.userId}|${g.maxQuality}|${g.exp}`;

/** Query string (`u`, `exp`, `sig`) that authorises a rendition's playlist, init and segments. */
export async function signRendition(secret: string, grant: RenditionGrant): Promise<string> {
  const sig = await sign(secret, renditionPayload(grant));
  return new URLSearchParams({ u: grant.userId, exp: String(grant.exp), sig }).toString();
}

export async function signMaster(secret: string, grant: MasterGrant): Promise<string> {
  const sig = await sign(secret, masterPayload(grant));
  return new URLSearchParams({
    u: grant.userId,
    q: grant.maxQuality,
    exp: String(grant.exp),
    sig,
  }).toString();
}

export type SignatureProblem = "missing" | "expired" | "invalid";

/** Checks a rendition URL's signature; `nowMs` decides expiry. */
export async function verifyRendition(
  secret: string,
  path: Omit<RenditionGrant, "userId" | "exp">,
  query: URLSearchParams,
  nowMs: number,
): Promise<RenditionGrant | SignatureProblem> {
  const userId = query.get("u");
  const exp = Number(query.get("exp"));
  const sig = query.get("sig");
  if (!userId || !sig || !Number.isInteger(exp)) return "missing";
  const grant = { ...path, userId, exp };
  if (!(await matches(secret, renditionPayload(grant), sig))) return "invalid";
  return exp * 1000 < nowMs ? "expired" : grant;
}

export async function verifyMaster(
  secret: string,
  trackId: string,
  query: URLSearchParams,
  nowMs: number,
): Promise<MasterGrant | SignatureProblem> {
  const userId = query.get("u");
  const maxQuality = query.get("q");
  const exp = Number(query.get("exp"));
  const sig = query.get("sig");
  if (!userId || !maxQuality || !sig || !Number.isInteger(exp)) return "missing";
  const grant = { trackId, userId, maxQuality, exp };
  if (!(await matches(secret, masterPayload(grant), sig))) return "invalid";
  return exp * 1000 < nowMs ? "expired" : grant;
}

async function matches(secret: string, payload: string, sig: string): Promise<boolean> {
  const expected = new TextEncoder().encode(await sign(secret, payload));
  return timingSafeEqual(expected, new TextEncoder().encode(sig));
}

/**
 * The `sig` of a private playlist's cover URL: an `<img>` cannot send a token, so whoever may
 * read the playlist gets a URL that works without one, and nobody else can make it.
 */
export function signPlaylistCover(secret: string, playlistId: string): Promise<string> {
  return sign(secret, `c1|playlist|${playlistId}`);
}

export async function verifyPlaylistCover(
  secret: string,
  playlistId: string,
  sig: string | undefined,
): Promise<boolean> {
  if (!sig) return false;
  const expected = new TextEncoder().encode(await signPlaylistCover(secret, playlistId));
  return timingSafeEqual(expected, new TextEncoder().encode(sig));
}
