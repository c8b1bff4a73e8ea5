import { openAsBlob } from "node:fs";

/** Tokens from `/api/auth/register` and `/api/auth/login`. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  /** Lifetime of the access token in seconds. */
  expires_in: number;
}

/** One page of `GET /api/tracks` (a Spotify paging object, trimmed to what the seeder reads). */
export interface TrackPage {
  items: { id: string; name: string }[];
  total: number;
}

/** `GET /api/transcode/jobs/{id}`. */
export interface TranscodeJob {
  id: string;
  track_id: string;
  status: "queued" | "running" | "succeeded" | "failed";
  /** 0..1 */
  progress: number;
  error?: string;
}

/** Optional form fields of an upload; the server reads anything missing from the file's tags. */
export interface UploadFields {
  title: string;
  artist: string;
  album: string;
  genre: string;
  /** `YYYY-MM-DD`. */
  releaseDate: string;
  trackNumber: number;
  explicit: boolean;
  isrc?: string;
  /** ISO 3166-1 alpha-2 codes; omitted = worldwide. */
  markets?: readonly string[];
  /** LRC (time-synced) or plain lyrics. */
  lyrics?: string;
}

/** A non-2xx answer, with the API's machine-readable error code when it sent one. */
export class CadenzaApiError extends Error {
  /** HTTP status. */
  readonly status: number;
  /** The `error.code` of the API's error body, when there was one. */
  readonly code: string | undefined;

  constructor(message: string, status: number, code: string | undefined) {
    super(message);
    this.name = "CadenzaApiError";
    this.status = status;
    this.code = code;
  }
}

/** Sends one request and returns the parsed JSON body; throws CadenzaApiError on a non-2xx status. */
async function call<T>(fetcher: typeof fetch, url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetcher(url, init);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (err as Error).message;
    throw new Error(`could not reach Cadenza at ${new URL(url).origin} (${reason}): is it running?`);
  }
  const text = await response.text();
  if (!response.ok) {
    let detail = text.slice(0, 300);
    let code: string | undefined;
    try {
      const body = JSON.parse(text) as { error?: { message?: string; code?: string } };
      detail = body.error?.message ?? detail;
      code = body.error?.code;
    } catch {
      // Not JSON (a proxy or a crash page): keep the raw text.
    }
    const path = new URL(url).pathname;
    throw new CadenzaApiError(
      `${init.method ?? "GET"} ${path} → ${response.status}: ${detail}`,
      response.status,
      code,
    );
  }
  return (text ? JSON.parse(text) : {}) as T;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The Cadenza endpoints scripts use (the seeder, the end-to-end suite, the benchmarks), against `baseUrl`. */
export function createCadenzaClient(baseUrl: string, fetcher: typeof fetch = fetch) {
  const url = (path: string) => new URL(path, baseUrl).toString();
  const post = <T>(path: string, body: unknown, token?: string) =>
    call<T>(fetcher, url(path), {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? bearer(token) : {}) },
      body: JSON.stringify(body),
    });
  return {
    /** Creates a listener account; `null` when the email is already registered (409). */
    async register(account: { email: string; password: string; displayName: string; country: string }) {
      const body = {
        email: account.email,
        password: account.password,
        display_name: account.displayName,
        country: account.country,
      };
      try {
        return await post<TokenPair>("/api/auth/register", body);
      } catch (err) {
        if (err instanceof CadenzaApiError && err.status === 409) return null;
        throw err;
      }
    },
    login: (email: string, password: string) => post<TokenPair>("/api/auth/login", { email, password }),
    /** Sets an existing user's role and product; needs the service token (`TRANSCODER_TOKEN`). */
    setUserAccess: (serviceToken: string, change: { email: string; role?: string; product?: string }) =>
      post<unknown>("/internal/admin/users", change, serviceToken),
    listPlayableTracks: (accessToken: string, limit: number, offset: number) =>
      call<TrackPage>(fetcher, url(`/api/tracks?limit=${limit}&offset=${offset}`), {
        headers: bearer(accessToken),
      }),
    /** Uploads an audio file (streamed from disk) with its metadata; needs an artist or admin token. */
    async uploadTrack(accessToken: string, filePath: string, fileName: string, fields: UploadFields) {
      const form = new FormData();
      form.set("file", await openAsBlob(filePath, { type: "audio/flac" }), fileName);
      form.set("title", fields.title);
      form.set("artist", fields.artist);
      form.set("album", fields.album);
      form.set("genre", fields.genre);
      form.set("release_date", fields.releaseDate);
      form.set("track_number", String(fields.trackNumber));
      form.set("explicit", String(fields.explicit));
      if (fields.isrc) form.set("isrc", fields.isrc);
      if (fields.markets) form.set("markets", fields.markets.join(","));
      if (fields.lyrics) form.set("lyrics", fields.lyrics);
      return call<{ track_id: string; job_id: string }>(fetcher, url("/api/tracks"), {
        method: "POST",
        headers: bearer(accessToken),
        body: form,
      });
    },
    /** Uploads an ad's audio (admin accounts). */
    async uploadAd(accessToken: string, filePath: string, fields: { title: string; advertiser: string }) {
      const form = new FormData();
      form.set("file", await openAsBlob(filePath, { type: "audio/flac" }), "ad.flac");
      form.set("title", fields.title);
      form.set("advertiser", fields.advertiser);
      return call<{ ad_id: string; track_id: string; job_id: string }>(fetcher, url("/api/ads"), {
        method: "POST",
        headers: bearer(accessToken),
        body: form,
      });
    },
    listAds: (accessToken: string) =>
      call<{ items: { id: string; title: string; playable: boolean }[] }>(fetcher, url("/api/ads"), {
        headers: bearer(accessToken),
      }),
    /** Creates a podcast show (artist and admin accounts). */
    createShow: (
      accessToken: string,
      show: { name: string; publisher: string; description: string; languages: string[] },
    ) =>
      call<{ show_id: string }>(fetcher, url("/api/shows"), {
        method: "POST",
        headers: { ...bearer(accessToken), "content-type": "application/json" },
        body: JSON.stringify(show),
      }),
    /** The shows this account manages. */
    listShows: (accessToken: string) =>
      call<{ items: { id: string; name: string }[] }>(fetcher, url("/api/shows"), {
        headers: bearer(accessToken),
      }),
    /** Titles of a show's playable episodes (the first 50). */
    listEpisodeTitles: async (accessToken: string, showId: string) =>
      (
        await call<{ items: { name: string }[] }>(
          fetcher,
          url(`/v1/shows/${encodeURIComponent(showId)}/episodes?limit=50`),
          { headers: bearer(accessToken) },
        )
      ).items.map((episode) => episode.name),
    /** Uploads a WAV as an episode of a show. */
    uploadEpisode: (
      accessToken: string,
      showId: string,
      wav: Uint8Array,
      fields: { title: string; description: string; releaseDate: string },
    ) => {
      const form = new FormData();
      form.set("file", new Blob([new Uint8Array(wav)], { type: "audio/wav" }), "episode.wav");
      form.set("title", fields.title);
      form.set("description", fields.description);
      form.set("release_date", fields.releaseDate);
      return call<{ episode_id: string; job_id: string }>(
        fetcher,
        url(`/api/shows/${encodeURIComponent(showId)}/episodes`),
        { method: "POST", headers: bearer(accessToken), body: form },
      );
    },
    /** The caller's user id. */
    me: (accessToken: string) =>
      call<{ id: string }>(fetcher, url("/v1/me"), { headers: bearer(accessToken) }),
    /** Names and ids of the playlists the caller owns or follows (the first 50). */
    listMyPlaylists: (accessToken: string) =>
      call<{ items: { id: string; name: string; owner: { id: string } }[] }>(
        fetcher,
        url("/v1/me/playlists?limit=50"),
        { headers: bearer(accessToken) },
      ),
    createPlaylist: (
      accessToken: string,
      playlist: { name: string; description: string; public: boolean; collaborative?: boolean },
    ) => post<{ id: string }>("/v1/me/playlists", playlist, accessToken),
    /** Appends up to 100 items (`cadenza:track:{id}` URIs). */
    addToPlaylist: (accessToken: string, playlistId: string, uris: string[]) =>
      post<{ snapshot_id: string }>(
        `/v1/playlists/${encodeURIComponent(playlistId)}/tracks`,
        { uris },
        accessToken,
      ),
    addCollaborator: (accessToken: string, playlistId: string, userId: string) =>
      post<unknown>(
        `/api/playlists/${encodeURIComponent(playlistId)}/collaborators`,
        { user_id: userId },
        accessToken,
      ),
    getJob: (accessToken: string, jobId: string) =>
      call<TranscodeJob>(fetcher, url(`/api/transcode/jobs/${encodeURIComponent(jobId)}`), {
        headers: bearer(accessToken),
      }),
  };
}

/** The client {@link createCadenzaClient} returns. */
export type CadenzaClient = ReturnType<typeof createCadenzaClient>;
