import type { SearchQuery } from "../services/search/parse-query.ts";
import type { SearchKind } from "../services/search/search-index.ts";
import type { LibraryDb } from "./library-db.ts";
import type { PlaylistDb } from "./playlist-db.ts";
import type * as s from "./schema.sqlite.ts";

/**
 * The one data-access interface the services use. D1 implements it today (`d1-catalog-db.ts`);
 * the Postgres (Neon) implementation follows the same contract. Methods speak in rows and
 * plain values; nothing here knows about HTTP or the `/v1` shapes.
 */
export interface CatalogDb extends PlaylistDb, LibraryDb {
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

  // podcasts
  /** Creates a show (its albums row, its shows row and, when new, its publisher artist) atomically. */
  createShow(show: NewShow): Promise<void>;
  findShow(id: string): Promise<ShowDetails | null>;
  /** The shows among `ids` that exist, in no particular order. */
  findShows(ids: string[]): Promise<ShowDetails[]>;
  /** Shows whose publisher `managedBy` manages (every show for null), by name. */
  listShows(managedBy: string | null): Promise<ShowDetails[]>;
  /** A show's playable episodes, newest first. */
  listShowEpisodes(
    show: ShowDetails,
    page: { limit: number; offset: number },
  ): Promise<{ items: EpisodeDetails[]; total: number }>;
  /** How many playable episodes each of `showIds` has (shows with none are absent). */
  countPlayableEpisodes(showIds: string[]): Promise<Map<string, number>>;
  /** A playable episode with its show. */
  findEpisode(id: string): Promise<EpisodeDetails | null>;
  /** The playable episodes among `ids`, in no particular order. */
  findEpisodes(ids: string[]): Promise<EpisodeDetails[]>;

  // reading the catalog (music only unless told: ads are never listed, queued or played as music)
  listPlayableTracks(page: {
    limit: number;
    offset: number;
  }): Promise<{ items: TrackDetails[]; total: number }>;
  findTrackDetails(id: string): Promise<TrackDetails | null>;
  /** Playable tracks among `ids` of the given kinds (default: music), in no particular order. */
  findPlayableTracks(ids: string[], kinds?: TrackRow["kind"][]): Promise<TrackRow[]>;
  /** An album's playable tracks in disc and track order; one page of them when `page` is given. */
  listPlayableAlbumTracks(albumId: string, page?: { limit: number; offset: number }): Promise<TrackRow[]>;
  /**
   * An artist's most played playable tracks (then by popularity), at most `limit`; only those
   * that may play in `market` (ISO code) when one is given.
   */
  listArtistTopTracks(artistId: string, limit: number, market?: string): Promise<TrackRow[]>;

  // browsing (music only: an album or artist without a playable music track is not browsable)
  /** The browsable albums among `ids`, in no particular order. */
  findPlayableAlbums(ids: string[]): Promise<AlbumDetails[]>;
  /** The browsable artists among `ids` with their genre names, in no particular order. */
  findPlayableArtists(ids: string[]): Promise<ArtistDetails[]>;
  /**
   * The rows behind a page of track, album and artist objects (a search answer, a page of a
   * playlist), in one round trip, each list in no particular order: the playable music tracks
   * among `trackIds`; the browsable albums among `albumIds` and those the tracks are on; the
   * browsable artists among `artistIds` with their genres; and the tracks' and albums' own
   * artists (`trackArtists`, any artist row, for the objects that name them).
   */
  findObjectRows(ids: { trackIds: string[]; artistIds: string[]; albumIds: string[] }): Promise<ObjectRows>;
  /**
   * Browsable albums with a release date, newest first, among the newest `window` of them
   * (`total` is at most `window`), so the answer never needs to count the whole catalogue.
   */
  listNewReleases(page: { limit: number; offset: number; window: number }): Promise<{
    items: AlbumDetails[];
    total: number;
  }>;
  /**
   * An artist's browsable albums in the given groups (its own albums, singles and compilations
   * by `album_type`; `appears_on`: others' albums with a track of theirs), newest release first.
   * With `market`, only albums with a track that may play there.
   */
  listArtistAlbums(
    artistId: string,
    query: { groups: AlbumGroup[]; market?: string; limit: number; offset: number },
  ): Promise<{ items: (AlbumDetails & { group: AlbumGroup })[]; total: number }>;
  /** Genres that have a browsable album (browse categories), by name. */
  listBrowsableGenres(page: { limit: number; offset: number }): Promise<{ items: GenreRow[]; total: number }>;
  /** The genre `id` when it has a browsable album, else null. */
  findBrowsableGenre(id: string): Promise<GenreRow | null>;
  /** An album (any kind, playable or not), for its cover. */
  findAlbumById(id: string): Promise<AlbumRow | null>;
  /** An artist (any kind), for its image. */
  findArtistById(id: string): Promise<ArtistRow | null>;

  // lyrics
  findLyrics(trackId: string): Promise<LyricsRow | null>;
  /** Sets a track's lyrics, replacing any it had. */
  saveLyrics(lyrics: LyricsRow): Promise<void>;
  /** Returns false when the track had none. */
  deleteLyrics(trackId: string): Promise<boolean>;
  /** What the stream edge needs to serve a track: markets, the current encode and its renditions. */
  findPlayback(trackId: string): Promise<Playback | null>;
  /** The renditions of one encode of a track (also a replaced, no longer current one). */
  findRenditions(trackId: string, encodeId: string): Promise<RenditionRow[]>;

  // search (each implementation keeps its own index: FTS5 in D1, see services/search/)
  /**
   * Searches the catalog: per asked kind, one page of matching ids, best first (text match,
   * then popularity), and how many matches there are to page through (at most 1050, Spotify's
   * deepest page). With `market`, tracks, episodes and albums not licensed there are left out.
   */
  searchCatalog(query: SearchQuery, options: SearchOptions): Promise<SearchHits>;
  /**
   * Autocomplete: at most `limit` artists, tracks, albums and shows with `tokens` (folded, as
   * `searchTokens` makes them; the last one a prefix) at the start of a word of their name, the
   * most popular first. With `market`, tracks not licensed there are left out.
   */
  suggest(tokens: string[], options: { limit: number; market?: string }): Promise<Suggestion[]>;
}

/** The browsing part of the catalog interface, which each backend implements in one module. */
export type BrowseQueries = Pick<
  CatalogDb,
  | "findPlayableAlbums"
  | "findPlayableArtists"
  | "findObjectRows"
  | "listNewReleases"
  | "listArtistAlbums"
  | "listBrowsableGenres"
  | "findBrowsableGenre"
  | "findAlbumById"
  | "findArtistById"
>;

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
export type LyricsRow = typeof s.lyrics.$inferSelect;

/** How an album relates to an artist in `GET /v1/artists/{id}/albums` (Spotify's `album_group`). */
export type AlbumGroup = AlbumRow["albumType"] | "appears_on";

/** A browsable album with what its Spotify objects show beyond the row. */
export interface AlbumDetails {
  album: AlbumRow;
  /** The album's own artist (a track on it may be by someone else). */
  artist: ArtistRow;
  /** The name of the album's genre, if it has one. */
  genre: string | null;
  /** Display name of the account that manages the album's artist (its label), if any. */
  label: string | null;
  /** How many of its tracks are playable. */
  totalTracks: number;
  /** The highest popularity among its playable tracks, 0..100. */
  popularity: number;
  /** Where at least one of its playable tracks may play: `,AT,DE,` form, null for everywhere. */
  markets: string | null;
}

/** An album as track objects and album lists show it: without its genre and label. */
export type ListedAlbum = Omit<AlbumDetails, "genre" | "label">;

/** What `findObjectRows` answers. */
export interface ObjectRows {
  tracks: TrackRow[];
  albums: ListedAlbum[];
  artists: ArtistDetails[];
  trackArtists: ArtistRow[];
}

/** A browsable artist, the names of its genres and how many users follow it. */
export interface ArtistDetails {
  artist: ArtistRow;
  genres: string[];
  followers: number;
}
export type ShowRow = typeof s.shows.$inferSelect;
export type EpisodeRow = typeof s.episodes.$inferSelect;

/** A show: its own row, the albums row that names it, and its publisher. */
export interface ShowDetails {
  show: ShowRow;
  album: AlbumRow;
  artist: ArtistRow;
}

/** An episode: its own row, its audio's tracks row, and its show. */
export interface EpisodeDetails {
  episode: EpisodeRow;
  track: TrackRow;
  show: ShowDetails;
}

export interface NewShow {
  /** Present when the publisher is new. */
  newArtist?: ArtistRow;
  album: AlbumRow;
  show: ShowRow;
}

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
  /** Present when the upload came with lyrics. */
  lyrics?: LyricsRow;
  /** Present when the upload is a podcast episode's audio (`track.kind` is `episode`). */
  episode?: EpisodeRow;
  job: JobRow;
}

export interface SearchOptions {
  kinds: SearchKind[];
  limit: number;
  offset: number;
  /** ISO 3166-1 alpha-2, upper case. */
  market?: string;
}

/** Search results by kind: the ids of the page asked for, in rank order. */
export type SearchHits = Partial<Record<SearchKind, { ids: string[]; total: number }>>;

/** One autocomplete suggestion: an item and its display name. */
export interface Suggestion {
  kind: SearchKind;
  id: string;
  name: string;
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
