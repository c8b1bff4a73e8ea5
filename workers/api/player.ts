import { type Context, Hono } from "hono";
import { z } from "zod";
import {
  DEVICE_TYPES,
  type Listener,
  type Outcome,
  type PlaybackContext,
  type PlayerView,
} from "../../durable-objects/user-session/protocol.ts";
import type { CatalogDb, TrackRow } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { newId, toUri } from "../ids.ts";
import { requireUser } from "../middleware/auth.ts";
import { verifyAccessToken } from "../services/auth/access-token.ts";
import { openPlaylist, parseItemUri } from "../services/playlists.ts";
import { listenerCountry } from "../stream/playback.ts";
import { validate } from "../validation.ts";
import { simplifiedEpisode } from "./podcast-shapes.ts";
import { trackObject } from "./shapes.ts";

/** How many of an artist's top tracks an artist context plays (Spotify's top-tracks size). */
const ARTIST_TOP_TRACKS = 10;
/** How many of a show's newest episodes a show context plays. */
const MAX_SHOW_EPISODES = 50;
/**
 * How many items of a playlist one context holds: the player state is stored on every command,
 * so a 10,000-item playlist plays in windows (the one holding the chosen item).
 */
const MAX_PLAYLIST_CONTEXT = 1000;
/** How many URIs one play request may carry. */
const MAX_PLAY_URIS = 100;

const session = (env: Env, userId: string) => env.USER_SESSION.getByName(userId);

/** The caller as the UserSession needs them: their tier (ads, skips) and market (which ads). */
function listenerOf(c: Context<AppEnv>): Listener {
  const user = c.var.user;
  return { product: user.product, country: listenerCountry(c.req.raw, user, c.var.config.ENVIRONMENT) };
}

/** Turns a refusal from the UserSession into the API's error. */
function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) {
    throw new ApiError(outcome.status, outcome.code, outcome.message, outcome.retry_after);
  }
  return outcome.value;
}

/** `/api/player`: device registration and the WebSocket each device keeps open. */
export const playerDevicesApp = new Hono<AppEnv>()
  .post(
    "/devices",
    requireUser,
    validate("json", z.object({ name: z.string().trim().min(1).max(100), type: z.enum(DEVICE_TYPES) })),
    async (c) => {
      const { name, type } = c.req.valid("json");
      const device = await session(c.env, c.var.user.id).registerDevice(newId(), name, type, Date.now());
      return c.json({ device_id: device.id, name: device.name, type: device.type }, 201);
    },
  )
  .get("/connect", async (c) => {
    // Browsers cannot set headers on a WebSocket, so the access token rides in the query.
    const token = c.req.query("access_token") ?? "";
    const user = await verifyAccessToken(token, c.var.config.JWT_SECRET, Date.now());
    if (typeof user === "string")
      throw new ApiError(401, "invalid_token", "A valid access_token query parameter is required.");
    if (!c.req.query("device_id")) throw new ApiError(400, "invalid_request", "device_id is required.");
    return session(c.env, user.id).fetch(c.req.raw);
  });

const PlayBody = z
  .object({
    context_uri: z.string().max(200).optional(),
    uris: z.array(z.string().max(200)).min(1).max(MAX_PLAY_URIS).optional(),
    offset: z.object({ position: z.number().int().min(0).optional(), uri: z.string().optional() }).optional(),
    position_ms: z.number().int().min(0).optional(),
  })
  .refine((b) => !(b.context_uri && b.uris), "send context_uri or uris, not both");
const DeviceQuery = z.object({ device_id: z.string().max(64).optional() });

/** `/v1/me/player`: the Spotify Web API player, backed by the user's UserSession. */
export const playerApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", async (c) => {
    const view = await session(c.env, c.var.user.id).getPlayer(Date.now());
    if (!view.track_id) return c.body(null, 204);
    return c.json({
      device: view.device && spotifyDevice(view.device),
      repeat_state: view.repeat_state,
      shuffle_state: view.shuffle_state,
      ...(await currentlyPlaying(
        c.var.db,
        view,
        new URL(c.req.url).origin,
        c.var.user.country,
        c.req.query("additional_types"),
      )),
    });
  })
  .get("/currently-playing", async (c) => {
    const view = await session(c.env, c.var.user.id).getPlayer(Date.now());
    if (!view.track_id) return c.body(null, 204);
    return c.json(
      await currentlyPlaying(
        c.var.db,
        view,
        new URL(c.req.url).origin,
        c.var.user.country,
        c.req.query("additional_types"),
      ),
    );
  })
  .get("/queue", async (c) => {
    const view = await session(c.env, c.var.user.id).getPlayer(Date.now());
    const origin = new URL(c.req.url).origin;
    const playingTrack = view.currently_playing_type === "track" ? view.track_id : null;
    const ids = playingTrack ? [playingTrack, ...view.next_track_ids] : view.next_track_ids;
    const items = await Promise.all(
      [...new Set(ids)].map(
        async (id) => [id, await itemObject(c.var.db, id, origin, c.var.user.country)] as const,
      ),
    );
    const byId = new Map(items);
    const shape = (id: string) => byId.get(id) ?? null;
    return c.json({
      // An ad is not a track object: Spotify reports nothing as playing while one is on.
      currently_playing: playingTrack ? shape(playingTrack) : null,
      queue: view.next_track_ids.map(shape).filter((t) => t !== null),
    });
  })
  .post("/queue", validate("query", DeviceQuery.extend({ uri: z.string().max(200) })), async (c) => {
    const { uri, device_id } = c.req.valid("query");
    const [, type, id] = uri.split(":");
    if ((type !== "track" && type !== "episode") || !id) {
      throw new ApiError(400, "invalid_uri", `Not a track or episode URI: ${uri}`);
    }
    const [track] = await c.var.db.findPlayableTracks([id], [type === "track" ? "music" : "episode"]);
    if (!track) throw new ApiError(404, "not_found", `No playable ${type} ${uri}.`);
    const item = { track_id: track.id, duration_ms: track.durationMs };
    unwrap(await session(c.env, c.var.user.id).addToQueue(device_id, item, Date.now()));
    return c.body(null, 204);
  })
  .post("/next", validate("query", DeviceQuery), async (c) => {
    unwrap(
      await session(c.env, c.var.user.id).next(c.req.valid("query").device_id, listenerOf(c), Date.now()),
    );
    return c.body(null, 204);
  })
  .post("/previous", validate("query", DeviceQuery), async (c) => {
    unwrap(await session(c.env, c.var.user.id).previous(c.req.valid("query").device_id, Date.now()));
    return c.body(null, 204);
  })
  .put(
    "/seek",
    validate("query", DeviceQuery.extend({ position_ms: z.coerce.number().int().min(0) })),
    async (c) => {
      const { device_id, position_ms } = c.req.valid("query");
      unwrap(await session(c.env, c.var.user.id).seek(device_id, position_ms, Date.now()));
      return c.body(null, 204);
    },
  )
  .put(
    "/repeat",
    validate("query", DeviceQuery.extend({ state: z.enum(["track", "context", "off"]) })),
    async (c) => {
      const { device_id, state } = c.req.valid("query");
      unwrap(await session(c.env, c.var.user.id).setRepeat(device_id, state, Date.now()));
      return c.body(null, 204);
    },
  )
  .put("/shuffle", validate("query", DeviceQuery.extend({ state: z.enum(["true", "false"]) })), async (c) => {
    const { device_id, state } = c.req.valid("query");
    unwrap(await session(c.env, c.var.user.id).setShuffle(device_id, state === "true", Date.now()));
    return c.body(null, 204);
  })
  .put(
    "/volume",
    validate("query", DeviceQuery.extend({ volume_percent: z.coerce.number().int().min(0).max(100) })),
    async (c) => {
      const { device_id, volume_percent } = c.req.valid("query");
      unwrap(await session(c.env, c.var.user.id).setVolume(device_id, volume_percent, Date.now()));
      return c.body(null, 204);
    },
  )
  .get("/devices", async (c) => {
    const devices = await session(c.env, c.var.user.id).listDevices();
    // `is_connected` is Cadenza's: Spotify lists only reachable devices; Cadenza lists every registered one.
    return c.json({ devices: devices.map((d) => ({ ...spotifyDevice(d), is_connected: d.is_connected })) });
  })
  .put("/play", validate("query", DeviceQuery), validate("json", PlayBody), async (c) => {
    const body = c.req.valid("json");
    const playlist = body.context_uri?.split(":")[1] === "playlist";
    const resolved = playlist
      ? await resolvePlaylistContext(c.var.db, body.context_uri as string, c.var.user.id, body.offset)
      : undefined;
    const context =
      resolved?.context ?? (body.context_uri || body.uris ? await resolveContext(c.var.db, body) : undefined);
    let offset = resolved?.offset ?? body.offset?.position ?? 0;
    if (context && !resolved && body.offset?.uri) {
      offset = context.track_ids.indexOf(body.offset.uri.split(":").at(-1) ?? "");
      if (offset < 0) throw new ApiError(400, "invalid_offset", "offset.uri is not in the context.");
    }
    const outcome = await session(c.env, c.var.user.id).play(
      {
        listener: listenerOf(c),
        device_id: c.req.valid("query").device_id,
        context,
        offset,
        position_ms: body.position_ms,
      },
      Date.now(),
    );
    unwrap(outcome);
    return c.body(null, 204);
  })
  .put("/pause", validate("query", DeviceQuery), async (c) => {
    unwrap(await session(c.env, c.var.user.id).pause(c.req.valid("query").device_id, Date.now()));
    return c.body(null, 204);
  })
  .put(
    "/",
    validate(
      "json",
      z.object({ device_ids: z.array(z.string().max(64)).length(1), play: z.boolean().optional() }),
    ),
    async (c) => {
      const { device_ids, play } = c.req.valid("json");
      unwrap(
        await session(c.env, c.var.user.id).transfer(
          device_ids[0] as string,
          play,
          listenerOf(c),
          Date.now(),
        ),
      );
      return c.body(null, 204);
    },
  );

/**
 * Resolves `context_uri` (an album, an artist's top tracks, or a show's episodes, newest first)
 * or `uris` (tracks and episodes) to what to load. Episodes resume where the listener left them.
 */
async function resolveContext(
  db: CatalogDb,
  body: { context_uri?: string; uris?: string[] },
): Promise<PlaybackContext> {
  let tracks: TrackRow[];
  if (body.context_uri) {
    const [, type, id] = body.context_uri.split(":");
    if (!id || (type !== "album" && type !== "artist" && type !== "show")) {
      throw new ApiError(
        400,
        "unsupported_context",
        "context_uri must be an album, artist, playlist or show URI.",
      );
    }
    tracks =
      type === "album"
        ? await db.listPlayableAlbumTracks(id)
        : type === "artist"
          ? await db.listArtistTopTracks(id, ARTIST_TOP_TRACKS)
          : await showEpisodeTracks(db, id);
  } else {
    const wanted = (body.uris ?? []).map((uri) => {
      const [, type, id] = uri.split(":");
      if ((type !== "track" && type !== "episode") || !id) {
        throw new ApiError(400, "invalid_uri", `Not a track or episode URI: ${uri}`);
      }
      return { type: type as "track" | "episode", id };
    });
    const found = new Map(
      (
        await db.findPlayableTracks(
          wanted.map((w) => w.id),
          ["music", "episode"],
        )
      ).map((t) => [t.id, t]),
    );
    const missing = wanted.find((w) => found.get(w.id)?.kind !== (w.type === "track" ? "music" : "episode"));
    if (missing)
      throw new ApiError(404, "not_found", `No playable ${missing.type} ${toUri(missing.type, missing.id)}.`);
    tracks = wanted.map((w) => found.get(w.id) as TrackRow);
  }
  if (tracks.length === 0) throw new ApiError(404, "not_found", "That context has nothing playable.");
  return {
    uri: body.context_uri ?? null,
    track_ids: tracks.map((t) => t.id),
    durations_ms: tracks.map((t) => t.durationMs),
    ...(tracks.every((t) => t.kind === "episode") && { resumable: true }),
  };
}

/**
 * A playlist as a context, for someone who may read it: its playable items from the start, or
 * from the item `offset` names when that lies beyond the first window. `offset` comes back as
 * an index into the loaded items (unplayable items are skipped, so indices and positions differ).
 */
async function resolvePlaylistContext(
  db: CatalogDb,
  uri: string,
  userId: string,
  offset: { position?: number; uri?: string } | undefined,
): Promise<{ context: PlaybackContext; offset: number }> {
  const id = uri.split(":")[2] ?? "";
  const { details } = await openPlaylist(db, id, userId);
  let wanted = offset?.position ?? 0;
  if (offset?.uri) {
    const [first] = await db.findPlaylistItemsOf(id, [parseItemUri(offset.uri).id]);
    if (!first) throw new ApiError(400, "invalid_offset", "offset.uri is not in the playlist.");
    wanted = first.position;
  }
  if (wanted >= details.playlist.itemCount)
    throw new ApiError(400, "invalid_offset", "The offset is outside the playlist.");
  const start = wanted < MAX_PLAYLIST_CONTEXT ? 0 : wanted;
  const entries = await db.listPlaylistItems(id, { limit: MAX_PLAYLIST_CONTEXT, offset: start });
  const loaded = entries.flatMap(({ item, track }) => (track ? [{ position: item.position, track }] : []));
  const index = loaded.findIndex((item) => item.position >= wanted);
  if (index < 0) throw new ApiError(404, "not_found", "That playlist has nothing playable from there.");
  return {
    context: {
      uri: toUri("playlist", id),
      track_ids: loaded.map((item) => item.track.id),
      durations_ms: loaded.map((item) => item.track.durationMs),
    },
    offset: index,
  };
}

/** A show's newest episodes (at most MAX_SHOW_EPISODES) as what to load; none for an unknown show. */
async function showEpisodeTracks(db: CatalogDb, showId: string): Promise<TrackRow[]> {
  const show = await db.findShow(showId);
  if (!show) return [];
  return (await db.listShowEpisodes(show, { limit: MAX_SHOW_EPISODES, offset: 0 })).items.map((e) => e.track);
}

/**
 * Spotify's currently-playing object (the player object without device, repeat and shuffle).
 * While an ad plays, `item` is null and `currently_playing_type` is `ad`, as in Spotify; an
 * episode is shown only to clients that list `episode` in `additional_types`, as in Spotify.
 */
async function currentlyPlaying(
  db: CatalogDb,
  view: PlayerView,
  origin: string,
  country: string,
  additionalTypes: string | undefined,
) {
  const isAd = view.currently_playing_type === "ad";
  const playing = view.track_id && !isAd ? await itemObject(db, view.track_id, origin, country) : null;
  const wantsEpisodes = (additionalTypes ?? "").split(",").includes("episode");
  return {
    context: view.context_uri ? { type: view.context_uri.split(":")[1], uri: view.context_uri } : null,
    timestamp: view.timestamp,
    progress_ms: view.progress_ms,
    is_playing: view.is_playing,
    item: playing && (playing.type === "track" || wantsEpisodes) ? playing : null,
    currently_playing_type: isAd ? "ad" : (playing?.type ?? "unknown"),
    actions: { disallows: isAd ? { seeking: true, skipping_next: true, skipping_prev: true } : {} },
  };
}

/** A playing item as Spotify shows it: a track object, or an episode object for an episode. */
export async function itemObject(db: CatalogDb, trackId: string, origin: string, country: string) {
  const details = await db.findTrackDetails(trackId);
  if (!details) return null;
  if (details.track.kind !== "episode") return trackObject(details, origin, country);
  const episode = await db.findEpisode(trackId);
  return episode ? simplifiedEpisode(episode, origin, undefined, country) : null;
}

function spotifyDevice(device: {
  id: string;
  name: string;
  type: string;
  volume_percent: number;
  is_active: boolean;
}) {
  return {
    id: device.id,
    is_active: device.is_active,
    is_private_session: false,
    is_restricted: false,
    name: device.name,
    type: device.type.charAt(0).toUpperCase() + device.type.slice(1),
    volume_percent: device.volume_percent,
    supports_volume: true,
  };
}
