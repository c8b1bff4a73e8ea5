import { nameKey, slug } from "../../services/names.ts";
import type {
  AlbumRow,
  ArtistRow,
  CatalogDb,
  EncodeRow,
  NewUpload,
  RenditionRow,
  ShowDetails,
  TrackRow,
  UserRow,
} from "../catalog-db.ts";

/**
 * Seeding helpers for the contract suite: everything goes through the catalog interface, as
 * the services write it (an upload, then a transcode attempt that publishes), with fresh ids and
 * names, so contracts sharing a database never see each other's rows.
 */

/** A fresh id; also a suffix that keeps seeded names unique. */
export const freshId = (): string => crypto.randomUUID();

/** Creates a listener (fresh id and email unless overridden) and returns its row. */
export async function seedUser(db: CatalogDb, overrides: Partial<UserRow> = {}): Promise<UserRow> {
  const id = freshId();
  const user: UserRow = {
    id,
    email: `${id}@example.test`,
    passwordHash: "pbkdf2-sha256$1$c2FsdA$aGFzaA",
    displayName: `User ${id.slice(0, 8)}`,
    country: "GB",
    product: "free",
    role: "listener",
    shareActivity: true,
    notificationsReadAt: 0,
    createdAt: 1_700_000_000_000,
    ...overrides,
  };
  if (!(await db.createUser(user))) throw new Error(`seedUser: ${user.email} is taken`);
  return user;
}

export interface SeedTrackOptions {
  /** The artist, created unless one with this name exists (default: a fresh name). */
  artistName?: string;
  /** The album of that artist, created unless it exists (default: a fresh name). */
  albumTitle?: string;
  title?: string;
  kind?: TrackRow["kind"];
  popularity?: number;
  /** Stored form (`,AT,DE,`), null (default) for everywhere. */
  markets?: string | null;
  trackNumber?: number;
  discNumber?: number;
  durationMs?: number;
  isrc?: string;
  explicit?: boolean;
  /** For a new album. */
  albumType?: AlbumRow["albumType"];
  releaseDate?: string | null;
  /** A genre name: linked to the artist and, for a new album, its genre. */
  genre?: string;
  /** Who uploads it and, for a new artist, manages it. */
  uploadedBy?: string | null;
  /** Whether a transcode publishes (default true): only a published track is playable. */
  publish?: boolean;
  /** The show an episode (`kind: "episode"`) joins; its publisher stands in for the artist. */
  show?: ShowDetails;
  episodeReleaseDate?: string;
}

export interface SeededTrack {
  trackId: string;
  artistId: string;
  albumId: string;
  jobId: string;
  /** The published encode, null when not published. */
  encodeId: string | null;
  /** The ad's id when `kind` is `ad`. */
  adId: string | null;
  upload: NewUpload;
}

let lastMs = 0;
/** Now in epoch ms, strictly later than the last call's: seeded rows order by creation. */
export function nextMs(): number {
  lastMs = Math.max(Date.now(), lastMs + 1);
  return lastMs;
}

/**
 * Uploads a track as `ingestTrack` plans it (reusing the artist and album by name) and, unless
 * `publish` is false, runs one transcode attempt that publishes two renditions.
 */
export async function seedTrack(db: CatalogDb, options: SeedTrackOptions = {}): Promise<SeededTrack> {
  const upload = await planTrackUpload(db, options);
  await db.createUpload(upload);
  const { track, job } = upload;
  const encodeId = options.publish === false ? null : await publishTrack(db, job.id, track.id);
  return {
    trackId: track.id,
    artistId: track.artistId,
    albumId: track.albumId,
    jobId: job.id,
    encodeId,
    adId: upload.ad?.id ?? null,
    upload,
  };
}

/** The rows of one upload as `ingestTrack` plans them, not yet written (see `seedTrack`). */
export async function planTrackUpload(db: CatalogDb, options: SeedTrackOptions = {}): Promise<NewUpload> {
  const nowMs = nextMs();
  const kind = options.kind ?? "music";
  const suffix = freshId();
  const uploadedBy = options.uploadedBy ?? null;
  const upload: Partial<NewUpload> = {};

  let artist: ArtistRow | null;
  let album: AlbumRow | null;
  if (options.show) {
    artist = options.show.artist;
    album = options.show.album;
  } else {
    const artistName = options.artistName ?? `Artist ${suffix}`;
    const artistKey = kind === "ad" ? `ad:${nameKey(artistName)}` : nameKey(artistName);
    artist = await db.findArtistByNameKey(artistKey);
    if (!artist) {
      artist = {
        id: freshId(),
        name: artistName,
        nameKey: artistKey,
        popularity: 0,
        managedBy: uploadedBy,
        kind: kind === "ad" ? "ad" : "music",
        createdAt: nowMs,
      };
      upload.newArtist = artist;
    }
    const genreId = options.genre ? slug(options.genre) : undefined;
    if (options.genre && genreId) {
      upload.newGenre = { id: genreId, name: options.genre };
      upload.genreId = genreId;
    }
    const albumTitle = options.albumTitle ?? `Album ${suffix}`;
    album = await db.findAlbumByNameKey(artist.id, nameKey(albumTitle));
    if (!album) {
      album = {
        id: freshId(),
        name: albumTitle,
        nameKey: nameKey(albumTitle),
        artistId: artist.id,
        albumType: options.albumType ?? "album",
        releaseDate: options.releaseDate ?? null,
        releaseDatePrecision: options.releaseDate ? "day" : null,
        genreId: genreId ?? null,
        coverKey: null,
        kind: kind === "ad" ? "ad" : "music",
        createdAt: nowMs,
      };
      upload.newAlbum = album;
    }
  }

  const trackId = freshId();
  const jobId = freshId();
  const full: NewUpload = {
    ...upload,
    track: {
      id: trackId,
      title: options.title ?? `Track ${suffix}`,
      albumId: album.id,
      artistId: artist.id,
      isrc: options.isrc ?? null,
      explicit: options.explicit ?? false,
      durationMs: options.durationMs ?? 180_000,
      trackNumber: options.trackNumber ?? 1,
      discNumber: options.discNumber ?? 1,
      popularity: options.popularity ?? 0,
      markets: options.markets ?? null,
      currentEncodeId: null,
      uploadedBy,
      kind,
      createdAt: nowMs,
    },
    ...(kind === "episode" &&
      options.show && {
        episode: {
          id: trackId,
          showId: options.show.show.id,
          description: "",
          releaseDate: options.episodeReleaseDate ?? "2024-01-01",
          language: "en",
          createdAt: nowMs,
        },
      }),
    ...(kind === "ad" && {
      ad: {
        id: freshId(),
        trackId,
        advertiser: artist.name,
        clickUrl: null,
        active: true,
        impressions: 0,
        createdBy: uploadedBy,
        createdAt: nowMs,
      },
    }),
    job: {
      id: jobId,
      trackId,
      originalKey: `originals/${trackId}/${freshId()}`,
      sourceCodec: "flac",
      sourceSampleRate: 44_100,
      sourceChannels: 2,
      sourceBitDepth: 16,
      kind: kind === "episode" ? "speech" : "music",
      status: "queued",
      progress: 0,
      error: null,
      encodeId: null,
      attempts: 0,
      createdBy: uploadedBy,
      createdAt: nowMs,
      updatedAt: nowMs,
    },
  };
  return full;
}

/** Runs one transcode attempt of `jobId` to its publish; returns the new encode's id. */
export async function publishTrack(db: CatalogDb, jobId: string, trackId: string): Promise<string> {
  const nowMs = nextMs();
  const encodeId = freshId();
  await db.startJobAttempt(jobId, encodeId, nowMs);
  await db.publishEncode(jobId, encodeRow(encodeId, trackId, jobId, nowMs), renditionRows(encodeId), nowMs);
  return encodeId;
}

/** An encode as `publishEncode` (the service) builds it. */
export function encodeRow(id: string, trackId: string, jobId: string, nowMs: number): EncodeRow {
  return {
    id,
    trackId,
    jobId,
    durationMs: 180_000,
    integratedLufs: -14.2,
    truePeakDbtp: -1.1,
    createdAt: nowMs,
  };
}

/** Two renditions (`low` and `high` Opus) of encode `encodeId`, three segments each. */
export function renditionRows(encodeId: string): RenditionRow[] {
  return (["low", "high"] as const).map((quality, n) => ({
    encodeId,
    quality,
    codec: "opus",
    codecs: "opus",
    bitrateKbps: n === 0 ? 64 : 160,
    averageBitrateBps: n === 0 ? 63_000 : 158_000,
    peakBitrateBps: n === 0 ? 70_000 : 170_000,
    sampleRate: 48_000,
    channels: 2,
    initSize: 800,
    segmentCount: 3,
    segmentSizes: JSON.stringify([1000, 1000, 500]),
    segmentDurationsMs: JSON.stringify([6000, 6000, 3000]),
  }));
}

/** Creates a show (and its publisher) as `POST /api/shows` does; returns it as `findShow` reads it. */
export async function seedShow(
  db: CatalogDb,
  options: { name?: string; publisher?: string; managedBy?: string | null } = {},
): Promise<ShowDetails> {
  const nowMs = nextMs();
  const id = freshId();
  const name = options.name ?? `Show ${id}`;
  const publisher = options.publisher ?? `Publisher ${id}`;
  const publisherKey = `podcast:${nameKey(publisher)}`;
  const existing = await db.findArtistByNameKey(publisherKey);
  const artist: ArtistRow = existing ?? {
    id: freshId(),
    name: publisher,
    nameKey: publisherKey,
    popularity: 0,
    managedBy: options.managedBy ?? null,
    kind: "podcast",
    createdAt: nowMs,
  };
  await db.createShow({
    ...(existing ? {} : { newArtist: artist }),
    album: {
      id,
      name,
      nameKey: nameKey(name),
      artistId: artist.id,
      albumType: "album",
      releaseDate: null,
      releaseDatePrecision: null,
      genreId: null,
      coverKey: null,
      kind: "podcast",
      createdAt: nowMs,
    },
    show: { id, publisher, description: "", explicit: false, languages: "en", createdAt: nowMs },
  });
  const show = await db.findShow(id);
  if (!show) throw new Error("seedShow: the show was not created");
  return show;
}

/** Uploads (and, unless `publish` is false, publishes) an episode of `show`. */
export function seedEpisode(
  db: CatalogDb,
  show: ShowDetails,
  options: { title?: string; releaseDate?: string; markets?: string | null; publish?: boolean } = {},
): Promise<SeededTrack> {
  return seedTrack(db, {
    kind: "episode",
    show,
    title: options.title,
    episodeReleaseDate: options.releaseDate,
    markets: options.markets,
    publish: options.publish,
  });
}
