import type * as s from "./schema.sqlite.ts";

/**
 * The one data-access interface the services use. D1 implements it today (`d1-catalog-db.ts`);
 * the Postgres (Neon) implementation follows the same contract. Methods speak in rows and
 * plain values; nothing here knows about HTTP or the `/v1` shapes.
 */
export interface CatalogDb {
  // users and credentials
  /** Inserts a user; returns false when the email is taken. */
  createUser(user: UserRow): Promise<boolean>;
  findUserByEmail(email: string): Promise<UserRow | null>;
  findUserById(id: string): Promise<UserRow | null>;
  updateUserAccess(
    email: string,
    change: { role?: UserRow["role"]; product?: UserRow["product"] },
  ): Promise<UserRow | null>;

  insertRefreshToken(token: RefreshTokenRow): Promise<void>;
  findRefreshToken(id: string): Promise<RefreshTokenRow | null>;
  /** Spends a token once: true only for the call that marked it used (rotation race-safe). */
  spendRefreshToken(id: string, nowMs: number): Promise<boolean>;
  revokeRefreshFamily(familyId: string, nowMs: number): Promise<void>;

  // ingest
  findArtistByNameKey(nameKey: string): Promise<ArtistRow | null>;
  findAlbumByNameKey(artistId: string, nameKey: string): Promise<AlbumRow | null>;
  /** Creates (or reuses) the rows of one upload in one atomic step. */
  createUpload(upload: NewUpload): Promise<void>;
  /** Removes what `createUpload` wrote for a track (used when a later step of the upload fails). */
  deleteUpload(upload: NewUpload): Promise<void>;

  // transcode jobs
  findJob(id: string): Promise<JobRow | null>;
  /** The job whose current attempt writes `encodeId`. */
  findJobByEncodeId(encodeId: string): Promise<JobRow | null>;
  /**
   * Begins a new attempt: records `encodeId` as the attempt's encode, sets `running`.
   * Returns the job as it was before (its old `encodeId` names leftovers to delete), or null
   * when there is no such job.
   */
  startJobAttempt(id: string, encodeId: string, nowMs: number): Promise<JobRow | null>;
  /** Returns false when `encodeId` is not the job's current attempt. */
  updateJobProgress(id: string, encodeId: string, progress: number, nowMs: number): Promise<boolean>;
  failJob(id: string, error: string, nowMs: number): Promise<void>;
  /** Inserts the encode and renditions, flips the track's current encode, marks the job done: all or nothing. */
  publishEncode(jobId: string, encode: EncodeRow, renditions: RenditionRow[], nowMs: number): Promise<void>;

  // listening
  /**
   * Counts one play of a track by a user (track play count and user→artist affinity), once per
   * `eventId` however often it is delivered. Returns true when this call counted it.
   */
  countPlay(play: { eventId: string; userId: string; trackId: string; playedAt: number }): Promise<boolean>;
  /** A track's play count (0 when never played). */
  findTrackPlays(trackId: string): Promise<number>;
  /** How often a user has played an artist (0 when never). */
  findArtistAffinity(userId: string, artistId: string): Promise<number>;

  // ads
  /** The ad whose audio is `trackId`, or null. */
  findAdByTrackId(trackId: string): Promise<AdRow | null>;
  /** Active ads with a published encode that may play in `country`, oldest first. */
  listActiveAds(country: string): Promise<ScheduledAd[]>;
  /** Every ad, newest first, with its track's title and duration. */
  listAds(): Promise<{ ad: AdRow; track: TrackRow }[]>;
  /** Returns the changed ad, or null when there is none with that id. */
  setAdActive(id: string, active: boolean): Promise<AdRow | null>;
  /** Counts one listen of an ad to its end, once per `eventId`. Returns true when this call counted it. */
  countAdImpression(impression: {
    eventId: string;
    userId: string;
    trackId: string;
    playedAt: number;
  }): Promise<boolean>;

  // reading the catalog (music only: ads are never listed, queued or played as music)
  listPlayableTracks(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: TrackDetails[]; total: number }>;
  findTrackDetails(id: string): Promise<TrackDetails | null>;
  /** Playable tracks among `ids`, in no particular order. */
  findPlayableTracks(ids: string[]): Promise<TrackRow[]>;
  /** An album's playable tracks in disc and track order. */
  listPlayableAlbumTracks(albumId: string): Promise<TrackRow[]>;
  /** An artist's most played playable tracks (then by popularity), at most `limit`. */
  listArtistTopTracks(artistId: string, limit: number): Promise<TrackRow[]>;
  /** What the stream edge needs to serve a track: markets, the current encode and its renditions. */
  findPlayback(trackId: string): Promise<Playback | null>;
  /** The renditions of one encode of a track (also a replaced, no longer current one). */
  findRenditions(trackId: string, encodeId: string): Promise<RenditionRow[]>;
}

export type UserRow = typeof s.users.$inferSelect;
export type RefreshTokenRow = typeof s.refreshTokens.$inferSelect;
export type ArtistRow = typeof s.artists.$inferSelect;
export type AlbumRow = typeof s.albums.$inferSelect;
export type TrackRow = typeof s.tracks.$inferSelect;
export type GenreRow = typeof s.genres.$inferSelect;
export type JobRow = typeof s.transcodeJobs.$inferSelect;
export type EncodeRow = typeof s.encodes.$inferSelect;
export type RenditionRow = typeof s.renditions.$inferSelect;
export type Quality = RenditionRow["quality"];
export type AdRow = typeof s.ads.$inferSelect;

/** What the UserSession needs to put an ad on: which, its audio, how long. */
export interface ScheduledAd {
  adId: string;
  trackId: string;
  durationMs: number;
}

export interface NewUpload {
  /** Present when the artist is new. */
  newArtist?: ArtistRow;
  /** Present when the album is new. */
  newAlbum?: AlbumRow;
  /** Present when the genre is new; `genreId` links it to the artist either way. */
  newGenre?: GenreRow;
  genreId?: string;
  track: TrackRow;
  /** Present when the upload is an ad's audio (`track.kind` is `ad`). */
  ad?: AdRow;
  job: JobRow;
}

export interface TrackDetails {
  track: TrackRow;
  album: AlbumRow;
  artist: ArtistRow;
}

export interface Playback {
  trackId: string;
  kind: TrackRow["kind"];
  /** `,AT,DE,` form or null for everywhere. */
  markets: string | null;
  encode: EncodeRow;
  renditions: RenditionRow[];
}
