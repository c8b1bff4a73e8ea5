import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The catalog schema for D1 (SQLite). Times are epoch milliseconds (`*_at`), durations are
 * milliseconds, bitrates say their unit in the name. Keep column names and types portable: the
 * Postgres schema mirrors this file column for column.
 */

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** Stored lower-cased; unique. */
    email: text("email").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>` */
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text("country").notNull(),
    product: text("product", { enum: ["free", "premium"] })
      .notNull()
      .default("free"),
    role: text("role", { enum: ["listener", "artist", "admin"] })
      .notNull()
      .default("listener"),
    /** Whether followers see what this user plays (friend activity). */
    shareActivity: integer("share_activity", { mode: "boolean" }).notNull().default(true),
    /** Notifications up to this time have been read. */
    notificationsReadAt: integer("notifications_read_at").notNull().default(0),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/** One row per issued refresh token; a family is one login's chain of rotations. */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    /** SHA-256 of the token's secret part, base64url. */
    secretHash: text("secret_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** Set when rotated; presenting a used token again revokes the family. */
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("refresh_tokens_family").on(t.familyId), index("refresh_tokens_user").on(t.userId)],
);

export const genres = sqliteTable("genres", {
  /** Slug, e.g. `hip-hop`. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
});

export const artists = sqliteTable(
  "artists",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Lower-cased, trimmed name: how uploads find an existing artist. */
    nameKey: text("name_key").notNull(),
    popularity: integer("popularity").notNull().default(0),
    /** The account that manages this artist's catalogue (an artist or label account). */
    managedBy: text("managed_by").references(() => users.id, { onDelete: "set null" }),
    /**
     * `music` for recording artists; `ad` for advertisers and `podcast` for podcast publishers,
     * which stand in the artist's place for their audio but are never browsed or searched as artists.
     */
    kind: text("kind", { enum: ["music", "ad", "podcast"] })
      .notNull()
      .default("music"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("artists_name_key_unique").on(t.nameKey)],
);

export const artistGenres = sqliteTable(
  "artist_genres",
  {
    artistId: text("artist_id")
      .notNull()
      .references(() => artists.id, { onDelete: "cascade" }),
    genreId: text("genre_id")
      .notNull()
      .references(() => genres.id),
  },
  (t) => [primaryKey({ columns: [t.artistId, t.genreId] })],
);

export const albums = sqliteTable(
  "albums",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    artistId: text("artist_id")
      .notNull()
      .references(() => artists.id),
    albumType: text("album_type", { enum: ["album", "single", "compilation"] })
      .notNull()
      .default("album"),
    /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as Spotify reports it. */
    releaseDate: text("release_date"),
    releaseDatePrecision: text("release_date_precision", { enum: ["year", "month", "day"] }),
    genreId: text("genre_id").references(() => genres.id),
    /** R2 key of the cover art extracted at ingest, if the file carried one. */
    coverKey: text("cover_key"),
    /** `music` for releases; `ad` holds an ad's audio; `podcast` is a show (see `shows`). */
    kind: text("kind", { enum: ["music", "ad", "podcast"] })
      .notNull()
      .default("music"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("albums_artist_name_unique").on(t.artistId, t.nameKey),
    // Partial, on music only: an index led by `kind` would tempt SQLite (which has no statistics
    // on D1) to scan every music album for `id IN (…) AND kind = 'music'` instead of using the key.
    index("albums_release").on(t.releaseDate).where(sql`kind = 'music'`),
    // Browse categories are the genres that have music albums.
    index("albums_genre").on(t.genreId, t.kind),
  ],
);

export const tracks = sqliteTable(
  "tracks",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    albumId: text("album_id")
      .notNull()
      .references(() => albums.id),
    artistId: text("artist_id")
      .notNull()
      .references(() => artists.id),
    isrc: text("isrc"),
    explicit: integer("explicit", { mode: "boolean" }).notNull().default(false),
    durationMs: integer("duration_ms").notNull(),
    trackNumber: integer("track_number").notNull().default(1),
    discNumber: integer("disc_number").notNull().default(1),
    /** 0..100, Spotify's scale. */
    popularity: integer("popularity").notNull().default(0),
    /**
     * Where the track is licensed: NULL for everywhere, else upper-case ISO codes wrapped in
     * commas (`,AT,CH,DE,`) so `LIKE '%,DE,%'` is an exact, portable membership test.
     */
    markets: text("markets"),
    /** The published encode listeners get; NULL until the first transcode publishes. */
    currentEncodeId: text("current_encode_id"),
    uploadedBy: text("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    /**
     * `music` is the catalogue; `ad` is an advertisement's audio (see `ads`): streamed through
     * the same edge path, but never listed, searched, queued or counted as a play; `episode` is
     * a podcast episode's audio (see `episodes`).
     */
    kind: text("kind", { enum: ["music", "ad", "episode"] })
      .notNull()
      .default("music"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("tracks_album").on(t.albumId, t.discNumber, t.trackNumber),
    index("tracks_artist").on(t.artistId),
    index("tracks_isrc").on(t.isrc),
  ],
);

export const encodes = sqliteTable(
  "encodes",
  {
    id: text("id").primaryKey(),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    durationMs: integer("duration_ms").notNull(),
    /** EBU R128 integrated loudness, LUFS. */
    integratedLufs: real("integrated_lufs").notNull(),
    /** EBU R128 true peak, dBTP. */
    truePeakDbtp: real("true_peak_dbtp").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("encodes_track").on(t.trackId)],
);

export const renditions = sqliteTable(
  "renditions",
  {
    encodeId: text("encode_id")
      .notNull()
      .references(() => encodes.id, { onDelete: "cascade" }),
    quality: text("quality", { enum: ["low", "normal", "high", "very_high", "lossless"] }).notNull(),
    codec: text("codec", { enum: ["opus", "flac"] }).notNull(),
    /** RFC 6381 codecs string for HLS: `opus` or `fLaC`. */
    codecs: text("codecs").notNull(),
    /** Nominal rung bitrate (lossless: measured average), kbps. */
    bitrateKbps: integer("bitrate_kbps").notNull(),
    averageBitrateBps: integer("average_bitrate_bps").notNull(),
    /** Highest per-segment bitrate, bps: HLS BANDWIDTH. */
    peakBitrateBps: integer("peak_bitrate_bps").notNull(),
    sampleRate: integer("sample_rate").notNull(),
    channels: integer("channels").notNull(),
    initSize: integer("init_size").notNull(),
    segmentCount: integer("segment_count").notNull(),
    /** JSON array of segment sizes in bytes. */
    segmentSizes: text("segment_sizes").notNull(),
    /** JSON array of segment durations in ms. */
    segmentDurationsMs: text("segment_durations_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.encodeId, t.quality] })],
);

export const transcodeJobs = sqliteTable(
  "transcode_jobs",
  {
    id: text("id").primaryKey(),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    /** R2 key of the original: `originals/{trackId}/{uploadId}`. */
    originalKey: text("original_key").notNull(),
    /**
     * The original's facts as the upload probe decoded them (codec name, Hz, channels, bits),
     * so the transcoder need not probe again. NULL when unknown.
     */
    sourceCodec: text("source_codec"),
    sourceSampleRate: integer("source_sample_rate"),
    sourceChannels: integer("source_channels"),
    sourceBitDepth: integer("source_bit_depth"),
    kind: text("kind", { enum: ["music", "speech"] })
      .notNull()
      .default("music"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] })
      .notNull()
      .default("queued"),
    /** 0..1 */
    progress: real("progress").notNull().default(0),
    error: text("error"),
    /** The encode id of the attempt in progress (or the one published). */
    encodeId: text("encode_id"),
    attempts: integer("attempts").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("transcode_jobs_track").on(t.trackId), index("transcode_jobs_encode").on(t.encodeId)],
);

/** How often each track has been played (a listen of ≥ 30 s), filled by the plays Queue consumer. */
export const trackPlays = sqliteTable("track_plays", {
  trackId: text("track_id")
    .primaryKey()
    .references(() => tracks.id, { onDelete: "cascade" }),
  plays: integer("plays").notNull().default(0),
  lastPlayedAt: integer("last_played_at").notNull(),
});

/** How much each user listens to each artist: the recommendations' raw material. */
export const userArtistAffinities = sqliteTable(
  "user_artist_affinities",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    artistId: text("artist_id")
      .notNull()
      .references(() => artists.id, { onDelete: "cascade" }),
    plays: integer("plays").notNull().default(0),
    lastPlayedAt: integer("last_played_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.artistId] })],
);

/** Play events already counted, so a re-delivered or duplicated event counts once. */
export const countedPlays = sqliteTable(
  "counted_plays",
  {
    /** Derived from user, device, track and start time: the same listen always has the same id. */
    eventId: text("event_id").primaryKey(),
    userId: text("user_id").notNull(),
    trackId: text("track_id").notNull(),
    playedAt: integer("played_at").notNull(),
  },
  (t) => [index("counted_plays_played_at").on(t.playedAt)],
);

/** The ads catalogue: audio ads free listeners hear between tracks. Each one's audio is a `kind = 'ad'` track. */
export const ads = sqliteTable(
  "ads",
  {
    id: text("id").primaryKey(),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    advertiser: text("advertiser").notNull(),
    /** Where "learn more" goes, if anywhere. */
    clickUrl: text("click_url"),
    /** Inactive ads stay in the catalogue (and keep their counts) but are not scheduled. */
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    /** Listens to the end, counted once per listen by the plays Queue consumer. */
    impressions: integer("impressions").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("ads_track_unique").on(t.trackId)],
);

/** Lyrics of a track: time-synced lines (from LRC) or plain text (no timings). */
export const lyrics = sqliteTable("lyrics", {
  trackId: text("track_id")
    .primaryKey()
    .references(() => tracks.id, { onDelete: "cascade" }),
  /** True when every line has a start time. */
  synced: integer("synced", { mode: "boolean" }).notNull(),
  /** JSON array of `{start_ms, text}` (start_ms null when not synced), in order. */
  lines: text("lines").notNull(),
  /** BCP 47 tag, when known. */
  language: text("language"),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * A podcast show. Its row in `albums` (same id, kind `podcast`) carries the name, cover and
 * publisher-artist link, so episodes reuse the tracks → encodes → stream path unchanged.
 */
export const shows = sqliteTable("shows", {
  id: text("id")
    .primaryKey()
    .references(() => albums.id, { onDelete: "cascade" }),
  publisher: text("publisher").notNull(),
  description: text("description").notNull().default(""),
  explicit: integer("explicit", { mode: "boolean" }).notNull().default(false),
  /** BCP 47 tags, comma-separated (Spotify's `languages`). */
  languages: text("languages").notNull().default("en"),
  createdAt: integer("created_at").notNull(),
});

/** A podcast episode: its audio is the `tracks` row with the same id (kind `episode`). */
export const episodes = sqliteTable(
  "episodes",
  {
    id: text("id")
      .primaryKey()
      .references(() => tracks.id, { onDelete: "cascade" }),
    showId: text("show_id")
      .notNull()
      .references(() => shows.id, { onDelete: "cascade" }),
    description: text("description").notNull().default(""),
    /** `YYYY-MM-DD`. */
    releaseDate: text("release_date").notNull(),
    language: text("language").notNull().default("en"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("episodes_show").on(t.showId, t.releaseDate)],
);

/**
 * A playlist. Its items sit at dense positions `0 .. item_count - 1`; every change writes a
 * fresh random `snapshot_id`, which is how a change made against an old version is recognised.
 */
export const playlists = sqliteTable(
  "playlists",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    public: integer("public", { mode: "boolean" }).notNull().default(true),
    collaborative: integer("collaborative", { mode: "boolean" }).notNull().default(false),
    /** Opaque; new on every change (Spotify's `snapshot_id`). */
    snapshotId: text("snapshot_id").notNull(),
    itemCount: integer("item_count").notNull().default(0),
    /** Secret of the unlisted link that opens a private playlist (read-only); null when none. */
    shareToken: text("share_token"),
    /** Secret of the invite link that makes whoever follows it a collaborator; null when none. */
    inviteToken: text("invite_token"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("playlists_owner").on(t.ownerId, t.createdAt),
    uniqueIndex("playlists_share_token").on(t.shareToken),
    uniqueIndex("playlists_invite_token").on(t.inviteToken),
  ],
);

/** One item of a playlist: a track or an episode (its `tracks` row) at a position. */
export const playlistItems = sqliteTable(
  "playlist_items",
  {
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id),
    addedBy: text("added_by").references(() => users.id, { onDelete: "set null" }),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.playlistId, t.position] })],
);

/** Who may change a collaborative playlist's items besides its owner. */
export const playlistCollaborators = sqliteTable(
  "playlist_collaborators",
  {
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: integer("added_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.playlistId, t.userId] }),
    index("playlist_collaborators_user").on(t.userId),
  ],
);

/** Who changed what in a playlist and when (`GET /api/playlists/{id}/activity`). */
export const playlistActivity = sqliteTable(
  "playlist_activity",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action", {
      enum: [
        "create",
        "details",
        "add",
        "remove",
        "reorder",
        "replace",
        "collaborator_added",
        "collaborator_removed",
      ],
    }).notNull(),
    /** JSON: what the action touched (track ids, positions, changed fields, the collaborator). */
    detail: text("detail").notNull().default("{}"),
    snapshotId: text("snapshot_id").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("playlist_activity_playlist").on(t.playlistId, t.id)],
);

/** Who follows a playlist (owners follow their own, as on Spotify). */
export const playlistFollows = sqliteTable(
  "playlist_follows",
  {
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Whether the follow shows on the user's public profile. */
    public: integer("public", { mode: "boolean" }).notNull().default(true),
    followedAt: integer("followed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.playlistId, t.userId] }),
    index("playlist_follows_user").on(t.userId, t.followedAt),
  ],
);

/**
 * A user's library: saved tracks (Liked Songs), albums and shows, and followed artists and
 * users, one row per item, newest first by `saved_at`.
 */
export const libraryItems = sqliteTable(
  "library_items",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["track", "album", "show", "artist", "user"] }).notNull(),
    itemId: text("item_id").notNull(),
    savedAt: integer("saved_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.itemId] }),
    index("library_items_saved").on(t.userId, t.kind, t.savedAt),
    // Followers of an artist or user, and who saved an item.
    index("library_items_item").on(t.kind, t.itemId),
  ],
);
