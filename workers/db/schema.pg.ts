import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { APOSTROPHES } from "../services/search/normalise.ts";
import { SEARCH_KINDS } from "../services/search/search-index.ts";

/**
 * The catalog schema for Postgres (Neon): `schema.sqlite.ts` column for column, with the same
 * export, table and column names and the same row types (`schema-parity.ts` checks them). Times
 * are epoch milliseconds in `bigint` (mode number); small counts, positions and durations in ms
 * are `integer`; unbounded counters are `bigint`. Enums stay `text` with `enum`, as in D1.
 * Migrations: `migrations/pg/` (see `migrations/README.md`).
 */

/** Epoch milliseconds, or a counter that may pass 2^31: `bigint` read as a JS number. */
const bigintNumber = <Name extends string>(name: Name) => bigint(name, { mode: "number" });

export const users = pgTable(
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
    shareActivity: boolean("share_activity").notNull().default(true),
    /** Notifications up to this time have been read. */
    notificationsReadAt: bigintNumber("notifications_read_at").notNull().default(0),
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

/** One row per issued refresh token; a family is one login's chain of rotations. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: text("family_id").notNull(),
    /** SHA-256 of the token's secret part, base64url. */
    secretHash: text("secret_hash").notNull(),
    expiresAt: bigintNumber("expires_at").notNull(),
    /** Set when rotated; presenting a used token again revokes the family. */
    usedAt: bigintNumber("used_at"),
    revokedAt: bigintNumber("revoked_at"),
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [index("refresh_tokens_family").on(t.familyId), index("refresh_tokens_user").on(t.userId)],
);

export const genres = pgTable("genres", {
  /** Slug, e.g. `hip-hop`. */
  id: text("id").primaryKey(),
  name: text("name").notNull(),
});

export const artists = pgTable(
  "artists",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** Lower-cased, trimmed name: how uploads find an existing artist. */
    nameKey: text("name_key").notNull(),
    popularity: integer("popularity").notNull().default(0),
    /** The account that manages this artist's catalogue (an artist or label account). */
    managedBy: text("managed_by").references(() => users.id, { onDelete: "set null" }),
    /** `music`; `ad` (advertisers) and `podcast` (publishers) are never browsed or searched as artists. */
    kind: text("kind", { enum: ["music", "ad", "podcast"] })
      .notNull()
      .default("music"),
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [uniqueIndex("artists_name_key_unique").on(t.nameKey)],
);

export const artistGenres = pgTable(
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

export const albums = pgTable(
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
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("albums_artist_name_unique").on(t.artistId, t.nameKey),
    // Partial on music only, as in D1 (where it keeps the planner on the key for `id IN (…)`).
    index("albums_release").on(t.releaseDate).where(sql`kind = 'music'`),
    // Browse categories are the genres that have music albums.
    index("albums_genre").on(t.genreId, t.kind),
  ],
);

export const tracks = pgTable(
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
    explicit: boolean("explicit").notNull().default(false),
    durationMs: integer("duration_ms").notNull(),
    trackNumber: integer("track_number").notNull().default(1),
    discNumber: integer("disc_number").notNull().default(1),
    /** 0..100, Spotify's scale. */
    popularity: integer("popularity").notNull().default(0),
    /** NULL for everywhere, else upper-case ISO codes wrapped in commas (`,AT,CH,DE,`): `LIKE '%,DE,%'`. */
    markets: text("markets"),
    /** The published encode listeners get; NULL until the first transcode publishes. */
    currentEncodeId: text("current_encode_id"),
    uploadedBy: text("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    /** `music` is the catalogue; `ad` an advertisement's audio (see `ads`); `episode` a podcast episode's. */
    kind: text("kind", { enum: ["music", "ad", "episode"] })
      .notNull()
      .default("music"),
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [
    index("tracks_album").on(t.albumId, t.discNumber, t.trackNumber),
    index("tracks_artist").on(t.artistId),
    index("tracks_isrc").on(t.isrc),
  ],
);

export const encodes = pgTable(
  "encodes",
  {
    id: text("id").primaryKey(),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    jobId: text("job_id").notNull(),
    durationMs: integer("duration_ms").notNull(),
    /** EBU R128 integrated loudness, LUFS. */
    integratedLufs: doublePrecision("integrated_lufs").notNull(),
    /** EBU R128 true peak, dBTP. */
    truePeakDbtp: doublePrecision("true_peak_dbtp").notNull(),
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [index("encodes_track").on(t.trackId)],
);

export const renditions = pgTable(
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
    /** Bytes. */
    initSize: integer("init_size").notNull(),
    segmentCount: integer("segment_count").notNull(),
    /** JSON array of segment sizes in bytes. */
    segmentSizes: text("segment_sizes").notNull(),
    /** JSON array of segment durations in ms. */
    segmentDurationsMs: text("segment_durations_ms").notNull(),
  },
  (t) => [primaryKey({ columns: [t.encodeId, t.quality] })],
);

export const transcodeJobs = pgTable(
  "transcode_jobs",
  {
    id: text("id").primaryKey(),
    trackId: text("track_id")
      .notNull()
      .references(() => tracks.id, { onDelete: "cascade" }),
    /** R2 key of the original: `originals/{trackId}/{uploadId}`. */
    originalKey: text("original_key").notNull(),
    /** The original's facts as the upload probe decoded them (codec, Hz, channels, bits); NULL when unknown. */
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
    progress: doublePrecision("progress").notNull().default(0),
    error: text("error"),
    /** The encode id of the attempt in progress (or the one published). */
    encodeId: text("encode_id"),
    attempts: integer("attempts").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: bigintNumber("created_at").notNull(),
    updatedAt: bigintNumber("updated_at").notNull(),
  },
  (t) => [index("transcode_jobs_track").on(t.trackId), index("transcode_jobs_encode").on(t.encodeId)],
);

/** How often each track has been played (a listen of ≥ 30 s), filled by the plays Queue consumer. */
export const trackPlays = pgTable("track_plays", {
  trackId: text("track_id")
    .primaryKey()
    .references(() => tracks.id, { onDelete: "cascade" }),
  /** A hit passes 2^31 listens. */
  plays: bigintNumber("plays").notNull().default(0),
  lastPlayedAt: bigintNumber("last_played_at").notNull(),
});

/** How much each user listens to each artist: the recommendations' raw material. */
export const userArtistAffinities = pgTable(
  "user_artist_affinities",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    artistId: text("artist_id")
      .notNull()
      .references(() => artists.id, { onDelete: "cascade" }),
    /** One listener's plays of one artist: far below 2^31. */
    plays: integer("plays").notNull().default(0),
    lastPlayedAt: bigintNumber("last_played_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.artistId] })],
);

/** Play events already counted, so a re-delivered or duplicated event counts once. */
export const countedPlays = pgTable(
  "counted_plays",
  {
    /** Derived from user, device, track and start time: the same listen always has the same id. */
    eventId: text("event_id").primaryKey(),
    userId: text("user_id").notNull(),
    trackId: text("track_id").notNull(),
    playedAt: bigintNumber("played_at").notNull(),
  },
  (t) => [index("counted_plays_played_at").on(t.playedAt)],
);

/** The ads catalogue: audio ads free listeners hear between tracks. Each one's audio is a `kind = 'ad'` track. */
export const ads = pgTable(
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
    active: boolean("active").notNull().default(true),
    /** Listens to the end, counted once per listen by the plays Queue consumer; unbounded. */
    impressions: bigintNumber("impressions").notNull().default(0),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [uniqueIndex("ads_track_unique").on(t.trackId)],
);

/** Lyrics of a track: time-synced lines (from LRC) or plain text (no timings). */
export const lyrics = pgTable("lyrics", {
  trackId: text("track_id")
    .primaryKey()
    .references(() => tracks.id, { onDelete: "cascade" }),
  /** True when every line has a start time. */
  synced: boolean("synced").notNull(),
  /** JSON array of `{start_ms, text}` (start_ms null when not synced), in order. */
  lines: text("lines").notNull(),
  /** BCP 47 tag, when known. */
  language: text("language"),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: bigintNumber("updated_at").notNull(),
});

/** A podcast show. Its `albums` row (same id, kind `podcast`) carries the name, cover and publisher-artist. */
export const shows = pgTable("shows", {
  id: text("id")
    .primaryKey()
    .references(() => albums.id, { onDelete: "cascade" }),
  publisher: text("publisher").notNull(),
  description: text("description").notNull().default(""),
  explicit: boolean("explicit").notNull().default(false),
  /** BCP 47 tags, comma-separated (Spotify's `languages`). */
  languages: text("languages").notNull().default("en"),
  createdAt: bigintNumber("created_at").notNull(),
});

/** A podcast episode: its audio is the `tracks` row with the same id (kind `episode`). */
export const episodes = pgTable(
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
    createdAt: bigintNumber("created_at").notNull(),
  },
  (t) => [index("episodes_show").on(t.showId, t.releaseDate)],
);

/** A playlist: items at dense positions `0 .. item_count - 1`; every change writes a fresh `snapshot_id`. */
export const playlists = pgTable(
  "playlists",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    public: boolean("public").notNull().default(true),
    collaborative: boolean("collaborative").notNull().default(false),
    /** Opaque; new on every change (Spotify's `snapshot_id`). */
    snapshotId: text("snapshot_id").notNull(),
    itemCount: integer("item_count").notNull().default(0),
    /** Secret of the unlisted link that opens a private playlist (read-only); null when none. */
    shareToken: text("share_token"),
    /** Secret of the invite link that makes whoever follows it a collaborator; null when none. */
    inviteToken: text("invite_token"),
    createdAt: bigintNumber("created_at").notNull(),
    updatedAt: bigintNumber("updated_at").notNull(),
  },
  (t) => [
    index("playlists_owner").on(t.ownerId, t.createdAt),
    uniqueIndex("playlists_share_token").on(t.shareToken),
    uniqueIndex("playlists_invite_token").on(t.inviteToken),
  ],
);

/** One item of a playlist: a track or an episode (its `tracks` row) at a position. */
export const playlistItems = pgTable(
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
    addedAt: bigintNumber("added_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.playlistId, t.position] })],
);

/** Who may change a collaborative playlist's items besides its owner. */
export const playlistCollaborators = pgTable(
  "playlist_collaborators",
  {
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedAt: bigintNumber("added_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.playlistId, t.userId] }),
    index("playlist_collaborators_user").on(t.userId),
  ],
);

/** Who changed what in a playlist and when (`GET /api/playlists/{id}/activity`). */
export const playlistActivity = pgTable(
  "playlist_activity",
  {
    // D1's INTEGER PRIMARY KEY AUTOINCREMENT: numbered by the database unless given.
    id: bigintNumber("id").primaryKey().generatedByDefaultAsIdentity(),
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
    at: bigintNumber("at").notNull(),
  },
  (t) => [index("playlist_activity_playlist").on(t.playlistId, t.id)],
);

/** Who follows a playlist (owners follow their own, as on Spotify). */
export const playlistFollows = pgTable(
  "playlist_follows",
  {
    playlistId: text("playlist_id")
      .notNull()
      .references(() => playlists.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Whether the follow shows on the user's public profile. */
    public: boolean("public").notNull().default(true),
    followedAt: bigintNumber("followed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.playlistId, t.userId] }),
    index("playlist_follows_user").on(t.userId, t.followedAt),
  ],
);

/** A user's library: saved tracks, albums and shows, followed artists and users; newest first by `saved_at`. */
export const libraryItems = pgTable(
  "library_items",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["track", "album", "show", "artist", "user"] }).notNull(),
    itemId: text("item_id").notNull(),
    savedAt: bigintNumber("saved_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.kind, t.itemId] }),
    index("library_items_saved").on(t.userId, t.kind, t.savedAt),
    // Followers of an artist or user, and who saved an item.
    index("library_items_item").on(t.kind, t.itemId),
  ],
);

// The search index. On D1 it is custom SQL (FTS5 virtual tables, migration 0005); here it is
// one table whose generated columns Postgres full-text search and pg_trgm index.

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/** `column` without apostrophes, as the query side folds them away (`don't` → `dont`). */
const stripApostrophes = (column: string) =>
  `translate(${column}, '${APOSTROPHES.join("").replaceAll("'", "''")}', '')`;
/** `column`, followed by its apostrophe-free spelling when it has one: D1's `search_words` text. */
const withoutApostrophes = (column: string) =>
  `CASE WHEN ${stripApostrophes(column)} = ${column} THEN ${column} ELSE ${column} || ' ' || ${stripApostrophes(column)} END`;
/**
 * ASCII punctuation, where FTS5 and the query side (`searchTokens`) break words: Postgres's
 * parser would keep `AC/DC`, `R.E.M.` or `will.i.am` whole and read `blink-182` as `blink` and
 * `-182`, so these become spaces first.
 */
const WORD_BREAKS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/**
 * Words of `text` as the index holds them: accents folded (`cadenza_unaccent`), punctuation
 * breaking words, final sigma folded to σ (as FTS5 and `foldText` do), no stemming.
 */
const words = (text: string) =>
  `to_tsvector('simple', translate(cadenza_unaccent(${text}), '${WORD_BREAKS.replaceAll("'", "''")}ς', '${" ".repeat(WORD_BREAKS.length)}σ'))`;

/**
 * One row per searchable item, as D1's `search_items` (see `search-index.ts`): `rank_key` is
 * `kind code × 2^40 + (100 − popularity) × 2^32 + sequence`, so the primary key orders each
 * kind by popularity (`rank_key BETWEEN … ORDER BY rank_key LIMIT n`). The data layer keeps it
 * current, as on D1. The generated columns stand for D1's FTS5 tables; they use
 * `cadenza_unaccent`, an IMMUTABLE wrapper of `unaccent` (migration `0000_search_extensions`).
 */
export const searchItems = pgTable(
  "search_items",
  {
    rankKey: bigintNumber("rank_key").primaryKey(),
    kind: text("kind", { enum: SEARCH_KINDS }).notNull(),
    itemId: text("item_id").notNull(),
    name: text("name").notNull(),
    artist: text("artist").notNull(),
    album: text("album").notNull(),
    genres: text("genres").notNull(),
    year: integer("year"),
    isrc: text("isrc"),
    markets: text("markets"),
    /** 0..100 */
    popularity: integer("popularity").notNull(),
    /** D1's `search_words`: name (weight A), artist (B), album (C) and genres (D). */
    words: tsvector("words")
      .notNull()
      .generatedAlwaysAs(
        sql.raw(
          [
            `setweight(${words(withoutApostrophes("name"))}, 'A')`,
            `setweight(${words(withoutApostrophes("artist"))}, 'B')`,
            `setweight(${words(withoutApostrophes("album"))}, 'C')`,
            `setweight(${words("genres")}, 'D')`,
          ].join(" || "),
        ),
      ),
    /** D1's `search_names`: the name's words alone, for autocomplete. */
    nameWords: tsvector("name_words")
      .notNull()
      .generatedAlwaysAs(sql.raw(words(withoutApostrophes("name")))),
    /** The name folded as `foldText` folds it (case, accents, apostrophes, final sigma): D1's `search_trigrams`. */
    nameFolded: text("name_folded")
      .notNull()
      .generatedAlwaysAs(
        sql.raw(`lower(translate(cadenza_unaccent(${stripApostrophes("name")}), 'ς', 'σ'))`),
      ),
  },
  (t) => [
    uniqueIndex("search_items_item").on(t.itemId, t.kind),
    index("search_items_year").on(t.year).where(sql`year IS NOT NULL`),
    index("search_items_isrc").on(t.isrc).where(sql`isrc IS NOT NULL`),
    index("search_items_words").using("gin", t.words),
    index("search_items_name_words").using("gin", t.nameWords),
    // Typo tolerance (`similarity`, `%`), substrings (`LIKE '%…%'`) and scripts without spaces.
    index("search_items_name_trgm").using("gin", t.nameFolded.op("gin_trgm_ops")),
  ],
);
