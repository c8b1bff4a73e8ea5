import { type Context, Hono } from "hono";
import { z } from "zod";
import { COUNTED_PLAY_MS } from "../../durable-objects/user-session/protocol.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import type { PlayMessage } from "../queues/plays-queue.ts";
import { validate } from "../validation.ts";
import { trackObject } from "./shapes.ts";

/** How far in the future a report's start time may lie (clock skew), ms. */
const CLOCK_SKEW_MS = 60_000;
/** An ad heard to within this of its end counts as an impression, ms. */
const AD_END_MARGIN_MS = 1000;
/** The longest single listen we accept, ms (a day). */
const MAX_MS_PLAYED = 24 * 3600 * 1000;

const Report = z.object({
  track_id: z.string().min(1).max(64),
  ms_played: z.number().int().min(0).max(MAX_MS_PLAYED),
  context: z.string().max(200).nullish(),
  device_id: z.string().min(1).max(64),
  /** ISO 8601 or epoch ms. */
  played_at: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]),
});

/** `/api/playback`: devices report what was listened to. */
export const playbackApp = new Hono<AppEnv>().post(
  "/report",
  requireUser,
  validate("json", Report),
  async (c) => {
    const report = c.req.valid("json");
    const user = c.var.user;
    const playedAt = typeof report.played_at === "number" ? report.played_at : Date.parse(report.played_at);
    if (playedAt > Date.now() + CLOCK_SKEW_MS)
      throw new ApiError(400, "invalid_request", "played_at is in the future.");
    // Music and podcast episodes are listens; anything else may be an ad.
    const [track] = await c.var.db.findPlayableTracks([report.track_id], ["music", "episode"]);
    if (!track) return reportAd(c, report.track_id, report.ms_played, report.device_id, playedAt);
    const eventId = await listenId(user.id, report.device_id, track.id, playedAt);
    const outcome = await c.env.USER_SESSION.getByName(user.id).recordPlay({
      event_id: eventId,
      track_id: track.id,
      played_at: playedAt,
      ms_played: report.ms_played,
      context_uri: report.context ?? null,
      device_id: report.device_id,
      kind: track.kind === "episode" ? "episode" : "music",
      artist_id: track.artistId,
    });
    if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message);
    const countsAsPlay = report.ms_played >= COUNTED_PLAY_MS;
    // Sent even for a duplicate report: counting is idempotent, and this way a lost send is retried.
    if (countsAsPlay) {
      await c.env.PLAYS_QUEUE.send({
        kind: "play",
        event_id: eventId,
        user_id: user.id,
        track_id: track.id,
        played_at: playedAt,
      } satisfies PlayMessage);
    }
    return c.json({ event_id: eventId, counts_as_play: countsAsPlay }, 202);
  },
);

/**
 * An ad's listen: never in the history or the play counts, but a listen to its end is one
 * impression for the advertiser (counted once however often it is reported).
 */
async function reportAd(
  c: Context<AppEnv>,
  trackId: string,
  msPlayed: number,
  deviceId: string,
  playedAt: number,
) {
  const ad = await c.var.db.findAdByTrackId(trackId);
  const details = ad && (await c.var.db.findTrackDetails(trackId));
  if (!ad || !details?.track.currentEncodeId) throw new ApiError(404, "not_found", "No such playable track.");
  const devices = await c.env.USER_SESSION.getByName(c.var.user.id).listDevices();
  if (!devices.some((d) => d.id === deviceId)) throw new ApiError(404, "device_not_found", "No such device.");
  const eventId = await listenId(c.var.user.id, deviceId, trackId, playedAt);
  const heardToEnd = msPlayed >= details.track.durationMs - AD_END_MARGIN_MS;
  if (heardToEnd) {
    await c.env.PLAYS_QUEUE.send({
      kind: "ad_impression",
      event_id: eventId,
      user_id: c.var.user.id,
      track_id: trackId,
      played_at: playedAt,
    } satisfies PlayMessage);
  }
  return c.json({ event_id: eventId, counts_as_play: false, ad_impression: heardToEnd }, 202);
}

const RecentlyPlayedQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(50).default(20),
    before: z.coerce.number().int().positive().optional(),
    after: z.coerce.number().int().min(0).optional(),
  })
  .refine((q) => q.before === undefined || q.after === undefined, "send before or after, not both");

/** `/v1/me/player/recently-played`: counted listens, newest first, with Spotify's cursors. */
export const recentlyPlayedApp = new Hono<AppEnv>().get(
  "/",
  requireUser,
  validate("query", RecentlyPlayedQuery),
  async (c) => {
    const { limit, before, after } = c.req.valid("query");
    const plays = await c.env.USER_SESSION.getByName(c.var.user.id).recentlyPlayed({ limit, before, after });
    const details = await Promise.all(
      [...new Set(plays.map((p) => p.track_id))].map((id) => c.var.db.findTrackDetails(id)),
    );
    const byId = new Map(details.filter((d) => d !== null).map((d) => [d.track.id, d]));
    const url = new URL(c.req.url);
    const base = `${url.origin}${url.pathname}`;
    const oldest = plays.at(-1)?.played_at;
    return c.json({
      href: url.toString(),
      limit,
      next: plays.length === limit && oldest ? `${base}?limit=${limit}&before=${oldest}` : null,
      cursors: plays.length ? { after: String(plays[0]?.played_at), before: String(oldest) } : null,
      items: plays.flatMap((p) => {
        const track = byId.get(p.track_id);
        // Spotify's recently-played lists tracks only; episodes keep their resume points instead.
        if (track?.track.kind !== "music") return [];
        const context = p.context_uri ? { type: p.context_uri.split(":")[1], uri: p.context_uri } : null;
        return [
          {
            track: trackObject(track, url.origin, c.var.user.country),
            played_at: new Date(p.played_at).toISOString(),
            context,
          },
        ];
      }),
    });
  },
);

/** The same listen reported twice gets the same id: user, device, track and start time. */
async function listenId(
  userId: string,
  deviceId: string,
  trackId: string,
  playedAt: number,
): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`${userId}|${deviceId}|${trackId}|${playedAt}`),
  );
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
