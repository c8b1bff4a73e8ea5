import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { Quality } from "../db/catalog-db.ts";
import { createD1CatalogDb } from "../db/d1-catalog-db.ts";
import { newId } from "../ids.ts";
import { issueAccessToken } from "../services/auth/access-token.ts";
import type { TokenPair } from "../services/auth/sessions.ts";
import { nameKey, slug } from "../services/names.ts";
import { makeWav } from "./wav.ts";

/** Test helpers: drive the Worker through its real `fetch`, with real D1/R2 bindings. */

export const ORIGIN = "http://cadenza.test";
export const PASSWORD = "correct horse battery";

export function call(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export function json(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: "POST",
    ...init,
    headers: { "content-type": "application/json", ...(init.headers as Record<string, string>) },
    body: JSON.stringify(body),
  };
}

export function bearer(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  };
}

export const service = (init: RequestInit = {}) => bearer(env.TRANSCODER_TOKEN, init);

export interface TestUser extends TokenPair {
  id: string;
  email: string;
}

/** Registers a fresh user (unique email) and optionally changes its role/product. */
export async function newUser(
  options: { country?: string; role?: "listener" | "artist" | "admin"; product?: "free" | "premium" } = {},
): Promise<TestUser> {
  const email = `user-${newId().toLowerCase()}@example.com`;
  const res = await call(
    "/api/auth/register",
    json({ email, password: PASSWORD, display_name: "Test Listener", country: options.country ?? "SE" }),
  );
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  if (options.role || options.product) {
    const promoted = await call(
      "/internal/admin/users",
      service(json({ email, role: options.role, product: options.product })),
    );
    if (!promoted.ok) throw new Error(`promote failed: ${promoted.status}`);
  }
  // Log in again so the access token carries the new role/product.
  const login = await call("/api/auth/login", json({ email, password: PASSWORD }));
  const tokens = (await login.json()) as TokenPair;
  const me = (await (await call("/v1/me", bearer(tokens.access_token))).json()) as { id: string };
  return { ...tokens, id: me.id, email };
}

export interface SeededTrack {
  trackId: string;
  artistId: string;
  albumId: string;
  jobId: string;
  encodeId: string;
  /** Bytes of each object, by `${quality}/${file}`. */
  objects: Map<string, Uint8Array>;
}

const LADDER: { name: Quality; codec: "opus" | "flac"; kbps: number }[] = [
  { name: "low", codec: "opus", kbps: 24 },
  { name: "normal", codec: "opus", kbps: 96 },
  { name: "high", codec: "opus", kbps: 160 },
  { name: "very_high", codec: "opus", kbps: 320 },
  { name: "lossless", codec: "flac", kbps: 900 },
];

/** What {@link seedUnpublishedTrack} (and so {@link seedPlayableTrack}) can be told. */
export interface SeedOptions {
  markets?: string | null;
  segments?: number;
  /** Makes the track an ad's audio in the ads catalogue, by this advertiser. */
  advertiser?: string;
  /** Adds the track to this (seeded) artist instead of a new one. */
  artistId?: string;
  /** A new artist's name and managing account. */
  artistName?: string;
  managedBy?: string;
  /** The album, reused when the artist already has one of this name (default "Album"). */
  albumName?: string;
  albumType?: "album" | "single" | "compilation";
  /** A new album's release date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`; default 2026), or null. */
  releaseDate?: string | null;
  /** A new album's genre (and the artist's), by name. */
  genre?: string;
  title?: string;
  trackNumber?: number;
  popularity?: number;
  /** Default XXCDZ2600001. */
  isrc?: string;
  /** Makes the track an episode of this show (its publisher stands in for the artist). */
  episodeOf?: { showId: string; publisherId: string };
}

/** Catalog rows of a track and its queued transcode job, not yet published. */
export interface UnpublishedTrack {
  trackId: string;
  artistId: string;
  albumId: string;
  jobId: string;
  /** Segment durations its encode should have, ms. */
  durations: number[];
  adId?: string;
}

/**
 * Creates a playable track the way the transcoder would: catalog rows, then the internal
 * start → put objects → publish protocol. The object bytes are synthetic (real media is
 * covered by the end-to-end suite); sizes and durations are consistent.
 */
export async function seedPlayableTrack(options: SeedOptions = {}): Promise<SeededTrack & { adId?: string }> {
  const track = await seedUnpublishedTrack(options);
  const { encodeId, objects } = await publishSyntheticEncode(track.trackId, track.jobId, track.durations);
  return { ...track, encodeId, objects };
}

/** Creates a track's catalog rows and queued transcode job, as an upload does, without publishing it. */
export async function seedUnpublishedTrack(options: SeedOptions = {}): Promise<UnpublishedTrack> {
  const db = createD1CatalogDb(env.DB);
  const now = Date.now();
  const episodeOf = options.episodeOf;
  const artistId = episodeOf?.publisherId ?? options.artistId ?? newId();
  const albumName = options.albumName ?? "Album";
  const existingAlbum = options.artistId ? await db.findAlbumByNameKey(artistId, nameKey(albumName)) : null;
  const albumId = episodeOf?.showId ?? existingAlbum?.id ?? newId();
  const reuseRows = episodeOf !== undefined || options.artistId !== undefined;
  const releaseDate = options.releaseDate === undefined ? "2026" : options.releaseDate;
  const genreId = options.genre ? slug(options.genre) : undefined;
  const trackId = newId();
  const jobId = newId();
  const segments = options.segments ?? 3;
  const durations = Array.from({ length: segments }, (_, n) => (n === segments - 1 ? 5000 : 10_000));
  const adId = options.advertiser ? newId() : undefined;
  await db.createUpload({
    ...(!reuseRows && {
      newArtist: {
        id: artistId,
        name: options.artistName ?? `Artist ${artistId}`,
        nameKey: artistId.toLowerCase(),
        popularity: 0,
        managedBy: options.managedBy ?? null,
        kind: options.advertiser ? "ad" : "music",
        createdAt: now,
      },
    }),
    ...(genreId && { newGenre: { id: genreId, name: options.genre as string }, genreId }),
    ...(!existingAlbum &&
      !episodeOf && {
        newAlbum: {
          id: albumId,
          name: albumName,
          nameKey: nameKey(albumName),
          artistId,
          albumType: options.albumType ?? "album",
          releaseDate,
          releaseDatePrecision: releaseDate
            ? ((["year", "month", "day"] as const)[(releaseDate.length - 4) / 3] ?? "year")
            : null,
          genreId: genreId ?? null,
          coverKey: null,
          kind: options.advertiser ? "ad" : "music",
          createdAt: now,
        },
      }),
    track: {
      id: trackId,
      title: options.title ?? "Seeded Track",
      albumId,
      artistId,
      isrc: options.isrc ?? "XXCDZ2600001",
      explicit: false,
      durationMs: durations.reduce((a, b) => a + b, 0),
      trackNumber: options.trackNumber ?? 1,
      discNumber: 1,
      popularity: options.popularity ?? 0,
      markets: options.markets ?? null,
      currentEncodeId: null,
      uploadedBy: null,
      kind: options.advertiser ? "ad" : episodeOf ? "episode" : "music",
      createdAt: now,
    },
    ...(episodeOf && {
      episode: {
        id: trackId,
        showId: episodeOf.showId,
        description: "",
        releaseDate: "2026-01-15",
        language: "en",
        createdAt: now,
      },
    }),
    ...(adId && {
      ad: {
        id: adId,
        trackId,
        advertiser: options.advertiser as string,
        clickUrl: null,
        active: true,
        impressions: 0,
        createdBy: null,
        createdAt: now,
      },
    }),
    job: {
      id: jobId,
      trackId,
      originalKey: `originals/${trackId}/x`,
      sourceCodec: null,
      sourceSampleRate: null,
      sourceChannels: null,
      sourceBitDepth: null,
      kind: episodeOf ? "speech" : "music",
      status: "queued",
      progress: 0,
      error: null,
      encodeId: null,
      attempts: 0,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    },
  });
  return { trackId, artistId, albumId, jobId, durations, adId };
}

/** A multipart upload of `file` with `fields` to `path` (`/api/tracks`, `/api/ads`). */
export function postUpload(
  path: string,
  user: TestUser | null,
  file: Blob | null,
  fields: Record<string, string> = {},
  name = "song.wav",
) {
  const form = new FormData();
  if (file) form.set("file", file, name);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  const init = { method: "POST", body: form };
  return call(path, user ? bearer(user.access_token, init) : init);
}

export const wav = (options?: Parameters<typeof makeWav>[0]) =>
  new Blob([makeWav(options)], { type: "audio/wav" });

/** Everything an upload could leave behind, to prove a rejected one left nothing. */
export async function footprint() {
  const count = async (table: string) =>
    ((await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first()) as { n: number }).n;
  return {
    tracks: await count("tracks"),
    artists: await count("artists"),
    albums: await count("albums"),
    jobs: await count("transcode_jobs"),
    ads: await count("ads"),
    lyrics: await count("lyrics"),
    originals: (await env.MEDIA.list({ prefix: "originals/" })).objects.length,
    covers: (await env.MEDIA.list({ prefix: "covers/" })).objects.length,
  };
}

/** Expects a JSON error with `status` (and `code`) that changed nothing. */
export async function expectRejected(res: Promise<Response>, status: number, code?: string) {
  const before = await footprint();
  const response = await res;
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { status: number; code: string; message: string } };
  expect(body.error.status).toBe(status);
  if (code) expect(body.error.code).toBe(code);
  expect(await footprint()).toEqual(before);
}

/**
 * Runs a queued job through the transcoder's internal protocol (start → put objects → publish)
 * with synthetic media of the given segment durations, so the track becomes playable. The object
 * bytes are random (real media is covered by the end-to-end suite); sizes and durations agree.
 */
export async function publishSyntheticEncode(
  trackId: string,
  jobId: string,
  durations: number[],
  ladder: readonly Quality[] = LADDER.map((rung) => rung.name),
): Promise<{ encodeId: string; objects: Map<string, Uint8Array> }> {
  const start = (await (await call(`/internal/jobs/${jobId}/start`, service({ method: "POST" }))).json()) as {
    encode_id: string;
  };
  const encodeId = start.encode_id;
  const objects = new Map<string, Uint8Array>();
  const renditions = [];
  for (const rung of LADDER.filter((r) => ladder.includes(r.name))) {
    const sizes = durations.map((ms) => Math.round((rung.kbps * 1000 * ms) / 8000));
    const files: [string, number][] = [
      ["init.mp4", 700],
      ...sizes.map((size, n): [string, number] => [`${n}.m4s`, size]),
    ];
    for (const [file, size] of files) {
      const bytes = crypto.getRandomValues(new Uint8Array(Math.min(size, 65536))).slice(0, size);
      const full = new Uint8Array(size);
      full.set(bytes);
      objects.set(`${rung.name}/${file}`, full);
      const put = await call(
        `/internal/objects/audio/${trackId}/${encodeId}/${rung.name}/${file}`,
        service({ method: "PUT", body: full }),
      );
      if (!put.ok) throw new Error(`put failed: ${put.status} ${await put.text()}`);
    }
    renditions.push({
      name: rung.name,
      codec: rung.codec,
      codecs: rung.codec === "opus" ? "opus" : "fLaC",
      bitrate_kbps: rung.kbps,
      sample_rate: rung.codec === "opus" ? 48000 : 44100,
      channels: 2,
      init_size: 700,
      segment_sizes: sizes,
      segment_durations_ms: durations,
      average_bitrate_bps: rung.kbps * 1000,
      peak_bitrate_bps: Math.round(rung.kbps * 1100),
    });
  }
  const publish = await call(
    `/internal/jobs/${jobId}/publish`,
    service(
      json({
        encode_id: encodeId,
        duration_ms: durations.reduce((a, b) => a + b, 0),
        loudness: { integrated_lufs: -14.5, true_peak_dbtp: -1.2 },
        renditions,
      }),
    ),
  );
  if (!publish.ok) throw new Error(`publish failed: ${publish.status} ${await publish.text()}`);
  return { encodeId, objects };
}

/** Waits until `check` holds (a Queue consumer has run, say), polling every 100 ms; throws after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("condition not met in time");
}

/** A Spotify paging object as tests read it. */
export interface Paging<T> {
  href: string;
  items: T[];
  limit: number;
  offset: number;
  next: string | null;
  previous: string | null;
  total: number;
}

/** An access token for `user` that expired an hour ago (signed with the real key). */
export function expiredToken(user: { id: string; email: string }): Promise<string> {
  return issueAccessToken(
    {
      id: user.id,
      email: user.email,
      passwordHash: "",
      displayName: "x",
      country: "SE",
      product: "free",
      role: "listener",
      shareActivity: true,
      notificationsReadAt: 0,
      createdAt: 0,
    },
    env.JWT_SECRET,
    Date.now() - 3600_000,
  );
}

/** A playable podcast episode of a new show (its owner an artist account); its id is `trackId`. */
export async function seedPlayableEpisode(): Promise<SeededTrack> {
  const owner = await newUser({ role: "artist" });
  const res = await call(
    "/api/shows",
    bearer(owner.access_token, json({ name: `Show ${newId()}`, publisher: `Publisher ${owner.id}` })),
  );
  const showId = ((await res.json()) as { show_id: string }).show_id;
  const show = (await env.DB.prepare("SELECT artist_id FROM albums WHERE id = ?").bind(showId).first()) as {
    artist_id: string;
  };
  return seedPlayableTrack({ episodeOf: { showId, publisherId: show.artist_id } });
}
