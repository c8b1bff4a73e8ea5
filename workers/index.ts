import { Hono } from "hono";
import { cors } from "hono/cors";
import { adsApp } from "./api/ads.ts";
import { authApp } from "./api/auth.ts";
import { browseApp } from "./api/browse.ts";
import { followingApp } from "./api/following.ts";
import { imagesApp } from "./api/images.ts";
import { internalApp } from "./api/internal.ts";
import { savedAlbumsApp, savedShowsApp, savedTracksApp } from "./api/library.ts";
import { statsApp, topApp } from "./api/listening.ts";
import { lyricsApp } from "./api/lyrics.ts";
import { meApp } from "./api/me.ts";
import { notificationsApp } from "./api/notifications.ts";
import { playbackApp, recentlyPlayedApp } from "./api/playback.ts";
import { playerApp, playerDevicesApp } from "./api/player.ts";
import { playerQueueApp } from "./api/player-queue.ts";
import {
  categoryPlaylistsApp,
  myPlaylistsApp,
  playlistAdminApp,
  playlistsApp,
  userPlaylistsApp,
} from "./api/playlists.ts";
import { episodesApp, showsApp, showUploadsApp } from "./api/podcasts.ts";
import { autocompleteApp, searchApp } from "./api/search.ts";
import { shareApp } from "./api/share.ts";
import { privacyApp, socialApp, usersApp } from "./api/social.ts";
import { tracksApp } from "./api/tracks.ts";
import { transcodeJobsApp } from "./api/transcode-jobs.ts";
import type { AppEnv } from "./env.ts";
import { ApiError, renderError } from "./errors.ts";
import { services } from "./middleware/services.ts";
import { consumePlaysQueue, type PlayMessage } from "./queues/plays-queue.ts";
import { consumeTranscodeQueue } from "./queues/transcode-queue.ts";
import type { TranscodeMessage } from "./services/ingest/ingest-track.ts";
import { streamApp } from "./stream/index.ts";

export { TranscoderContainer } from "../durable-objects/transcoder-container.ts";
export { UserSession } from "../durable-objects/user-session/user-session.ts";

/** The one Worker: every sub-app mounts on this root so a request never pays a second hop. */
export const app = new Hono<AppEnv>()
  .use(services)
  .use("/v1/*", cors({ origin: "*", allowHeaders: ["authorization", "content-type"], maxAge: 86400 }))
  .use("/stream/*", cors({ origin: "*", allowHeaders: ["authorization", "range"], maxAge: 86400 }))
  .get("/healthz", (c) => c.json({ ok: true }))
  .route("/api/auth", authApp)
  .route("/api/tracks", tracksApp)
  .route("/api/ads", adsApp)
  .route("/api/images", imagesApp)
  .route("/api", lyricsApp)
  .route("/v1/search", searchApp)
  .route("/api/search", autocompleteApp)
  .route("/v1", browseApp)
  .route("/api/shows", showUploadsApp)
  .route("/v1/shows", showsApp)
  .route("/v1/episodes", episodesApp)
  .route("/v1/playlists", playlistsApp)
  .route("/v1/me/playlists", myPlaylistsApp)
  .route("/v1/users", userPlaylistsApp)
  .route("/v1/browse/categories", categoryPlaylistsApp)
  .route("/api/playlists", playlistAdminApp)
  .route("/share", shareApp)
  .route("/api/transcode/jobs", transcodeJobsApp)
  .route("/api/player/queue", playerQueueApp)
  .route("/api/player", playerDevicesApp)
  .route("/api/playback", playbackApp)
  .route("/v1/me/player/recently-played", recentlyPlayedApp)
  .route("/v1/me/player", playerApp)
  .route("/v1/me/tracks", savedTracksApp)
  .route("/v1/me/albums", savedAlbumsApp)
  .route("/v1/me/shows", savedShowsApp)
  .route("/v1/me/following", followingApp)
  .route("/v1/me/top", topApp)
  .route("/v1/me", meApp)
  .route("/v1/users", usersApp)
  .route("/api/me/stats", statsApp)
  .route("/api/me/privacy", privacyApp)
  .route("/api/me/notifications", notificationsApp)
  .route("/api/social", socialApp)
  .route("/stream", streamApp)
  .route("/internal", internalApp)
  .notFound(() => {
    throw new ApiError(404, "not_found", "No such endpoint.");
  })
  .onError(renderError);

export default {
  fetch: app.fetch,
  // Queue names carry an environment suffix in staging and production (cadenza-plays-staging).
  queue: (batch, env) =>
    batch.queue.startsWith("cadenza-plays")
      ? consumePlaysQueue(batch as MessageBatch<PlayMessage>, env)
      : consumeTranscodeQueue(batch as MessageBatch<TranscodeMessage>, env),
} satisfies ExportedHandler<Env, TranscodeMessage | PlayMessage>;
