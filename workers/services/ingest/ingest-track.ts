import type { CatalogDb, NewUpload, ShowDetails } from "../../db/catalog-db.ts";
import { ApiError } from "../../errors.ts";
import { newId } from "../../ids.ts";
import type { AuthUser } from "../auth/access-token.ts";
import { coverKey } from "../cover-art.ts";
import { type Lyrics, lyricsRow } from "../lyrics.ts";
import { nameKey, slug } from "../names.ts";
import type { ProbeResult } from "../transcoder-client.ts";
import { readTags } from "./read-tags.ts";

/** Form fields that override or complete the file's own tags. All optional. */
export interface UploadFields {
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  isrc?: string;
  explicit?: boolean;
  /** Stored markets form (`,AT,DE,`) or null for everywhere. */
  markets: string | null;
  release_date?: string;
  track_number?: number;
  disc_number?: number;
  /** Present when the upload is an ad's audio: the advertiser stands in for the artist. */
  ad?: { advertiser: string; clickUrl: string | null; maxDurationMs: number };
  /** Lyrics sent with the track, stored with its rows. */
  lyrics?: Lyrics;
  /** Present when the upload is a podcast episode: it joins this show (whose publisher stands in for the artist). */
  episode?: { show: ShowDetails; description: string; releaseDate: string; language: string };
}

export interface IngestDeps {
  db: CatalogDb;
  bucket: R2Bucket;
  queue: Queue<TranscodeMessage>;
  probe: (bytes: Uint8Array, filename: string) => Promise<ProbeResult>;
  nowMs: number;
}

export interface TranscodeMessage {
  job_id: string;
}

/**
 * Accepts one original: checks it is decodable audio, creates or reuses artist/album rows,
 * stores the original in R2 and queues a transcode job. On any failure it removes what it
 * wrote, so a rejected upload leaves no rows and no objects behind.
 */
export async function ingestTrack(
  deps: IngestDeps,
  uploader: AuthUser,
  file: File,
  fields: UploadFields,
): Promise<{ trackId: string; jobId: string }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const tags = await readTags(bytes, file.type);
  const probe = await deps.probe(bytes, file.name);
  if (!probe.ok) {
    throw new ApiError(422, `audio_${probe.reason}`, `The audio cannot be used: ${probe.message}`);
  }

  if (fields.ad && probe.duration_ms > fields.ad.maxDurationMs) {
    throw new ApiError(
      422,
      "ad_too_long",
      `An ad may last at most ${fields.ad.maxDurationMs / 1000} s; this one lasts ${Math.round(probe.duration_ms / 1000)} s.`,
    );
  }
  const title = fields.title ?? tags.title ?? stripExtension(file.name);
  const artistName =
    fields.ad?.advertiser ?? fields.episode?.show.artist.name ?? fields.artist ?? tags.artist;
  if (!artistName) {
    throw new ApiError(
      400,
      "artist_required",
      "Name the artist: send an `artist` field or tag the file with one.",
    );
  }
  const albumName = fields.album ?? tags.album ?? title;
  const upload = await planUpload(deps, uploader, {
    title,
    artistName,
    albumName,
    // A show has no genre of its own here; an episode file's genre tag must not re-label its publisher.
    genre: fields.episode ? undefined : (fields.genre ?? tags.genre),
    releaseDate: fields.release_date ?? tags.date,
    durationMs: probe.duration_ms,
    probe,
    fields,
    trackNumber: fields.track_number ?? tags.trackNumber ?? 1,
    discNumber: fields.disc_number ?? tags.discNumber ?? 1,
    isrc: fields.isrc ?? tags.isrc,
  });

  const key = upload.job.originalKey;
  const objectKeys = [key];
  // A new album takes the file's embedded artwork as its cover.
  const cover = upload.newAlbum?.kind === "music" ? tags.cover : undefined;
  if (cover && upload.newAlbum) {
    upload.newAlbum.coverKey = coverKey(upload.newAlbum.id);
    objectKeys.push(upload.newAlbum.coverKey);
  }
  await deps.bucket.put(key, bytes, {
    httpMetadata: { contentType: file.type || "application/octet-stream" },
    customMetadata: { filename: file.name, uploadedBy: uploader.id },
  });
  try {
    if (cover && upload.newAlbum?.coverKey) {
      await deps.bucket.put(upload.newAlbum.coverKey, cover.bytes, {
        httpMetadata: { contentType: cover.contentType },
      });
    }
    await deps.db.createUpload(upload);
  } catch (err) {
    await deps.bucket.delete(objectKeys);
    throw uniqueViolation(err)
      ? new ApiError(
          409,
          "upload_conflict",
          "Another upload created the same artist or album just now; retry.",
        )
      : err;
  }
  try {
    await deps.queue.send({ job_id: upload.job.id });
  } catch (err) {
    await deps.db.deleteUpload(upload);
    await deps.bucket.delete(objectKeys);
    console.error("queue send failed", err);
    throw new ApiError(
      503,
      "queue_unavailable",
      "The transcode queue is unavailable; nothing was kept, retry the upload.",
    );
  }
  return { trackId: upload.track.id, jobId: upload.job.id };
}

interface TrackFacts {
  title: string;
  artistName: string;
  albumName: string;
  genre?: string;
  releaseDate?: string;
  durationMs: number;
  probe: Extract<ProbeResult, { ok: true }>;
  trackNumber: number;
  discNumber: number;
  isrc?: string;
  fields: UploadFields;
}

async function planUpload(deps: IngestDeps, uploader: AuthUser, facts: TrackFacts): Promise<NewUpload> {
  const { db, nowMs } = deps;
  const upload: Partial<NewUpload> = {};
  const { ad, episode } = facts.fields;
  // Advertisers live apart from musicians of the same name: an ad never joins an artist's catalogue.
  const artistKey = episode
    ? episode.show.artist.nameKey
    : ad
      ? `ad:${nameKey(facts.artistName)}`
      : nameKey(facts.artistName);
  let artist = await db.findArtistByNameKey(artistKey);
  if (artist && artist.managedBy !== uploader.id && uploader.role !== "admin") {
    throw new ApiError(403, "artist_not_yours", `"${artist.name}" is managed by another account.`);
  }
  if (!artist) {
    artist = {
      id: newId(),
      name: facts.artistName,
      nameKey: artistKey,
      popularity: 0,
      managedBy: uploader.id,
      kind: ad ? "ad" : "music",
      createdAt: nowMs,
    };
    upload.newArtist = artist;
  }
  const genreId = facts.genre ? slug(facts.genre) : undefined;
  if (facts.genre && genreId) {
    upload.newGenre = { id: genreId, name: facts.genre };
    upload.genreId = genreId;
  }
  let album = episode ? episode.show.album : await db.findAlbumByNameKey(artist.id, nameKey(facts.albumName));
  if (!album) {
    album = {
      id: newId(),
      name: facts.albumName,
      nameKey: nameKey(facts.albumName),
      artistId: artist.id,
      albumType: facts.albumName === facts.title ? "single" : "album",
      releaseDate: facts.releaseDate ?? null,
      releaseDatePrecision: precisionOf(facts.releaseDate),
      genreId: genreId ?? null,
      coverKey: null,
      kind: ad ? "ad" : "music",
      createdAt: nowMs,
    };
    upload.newAlbum = album;
  }
  const trackId = newId();
  const jobId = newId();
  return {
    ...upload,
    track: {
      id: trackId,
      title: facts.title,
      albumId: album.id,
      artistId: artist.id,
      isrc: facts.isrc ?? null,
      explicit: facts.fields.explicit ?? false,
      durationMs: facts.durationMs,
      trackNumber: facts.trackNumber,
      discNumber: facts.discNumber,
      popularity: 0,
      markets: facts.fields.markets,
      currentEncodeId: null,
      uploadedBy: uploader.id,
      kind: ad ? "ad" : episode ? "episode" : "music",
      createdAt: nowMs,
    },
    ...(episode && {
      episode: {
        id: trackId,
        showId: episode.show.show.id,
        description: episode.description,
        releaseDate: episode.releaseDate,
        language: episode.language,
        createdAt: nowMs,
      },
    }),
    ...(ad && {
      ad: {
        id: newId(),
        trackId,
        advertiser: facts.artistName,
        clickUrl: ad.clickUrl,
        active: true,
        impressions: 0,
        createdBy: uploader.id,
        createdAt: nowMs,
      },
    }),
    ...(facts.fields.lyrics && {
      lyrics: lyricsRow(trackId, facts.fields.lyrics, null, uploader.id, nowMs),
    }),
    job: {
      id: jobId,
      trackId,
      originalKey: `originals/${trackId}/${newId()}`,
      sourceCodec: facts.probe.codec,
      sourceSampleRate: facts.probe.sample_rate,
      sourceChannels: facts.probe.channels,
      sourceBitDepth: facts.probe.bit_depth,
      kind: episode ? "speech" : "music",
      status: "queued",
      progress: 0,
      error: null,
      encodeId: null,
      attempts: 0,
      createdBy: uploader.id,
      createdAt: nowMs,
      updatedAt: nowMs,
    },
  };
}

function precisionOf(date: string | undefined): "year" | "month" | "day" | null {
  if (!date) return null;
  return date.length >= 10 ? "day" : date.length >= 7 ? "month" : "year";
}

function stripExtension(filename: string): string {
  return filename.replace(/\.[^.]+$/, "").trim() || "Untitled";
}

function uniqueViolation(err: unknown): boolean {
  return /UNIQUE constraint failed|duplicate key/i.test(String((err as Error)?.message ?? err));
}
