import { type IPicture, parseBuffer } from "music-metadata";
import { ApiError } from "../../errors.ts";
import { coverImageType, MAX_COVER_BYTES } from "../cover-art.ts";

/** Containers we accept as originals (music-metadata's names). */
const AUDIO_CONTAINERS = new Set([
  "FLAC",
  "WAVE",
  "AIFF",
  "AIFF-C",
  "MPEG",
  "Ogg",
  "MPEG-4",
  "M4A/isom",
  "M4A/mp42",
  "M4A/M4A",
  "matroska",
  "WebM",
]);

export interface AudioTags {
  container: string;
  title?: string;
  artist?: string;
  album?: string;
  genre?: string;
  /** `YYYY` or `YYYY-MM-DD` as tagged. */
  date?: string;
  trackNumber?: number;
  discNumber?: number;
  isrc?: string;
  /** The embedded front cover (else the first picture), when it is a JPEG or PNG of at most 2 MiB. */
  cover?: { contentType: "image/jpeg" | "image/png"; bytes: Uint8Array };
}

/**
 * Reads the container and tags of an upload. Throws 415 when the bytes are not an audio
 * format we ingest (decodability is checked separately by the transcoder's probe).
 */
export async function readTags(bytes: Uint8Array, mimeType: string): Promise<AudioTags> {
  let metadata: Awaited<ReturnType<typeof parseBuffer>>;
  try {
    metadata = await parseBuffer(
      bytes,
      { mimeType: mimeType || undefined, size: bytes.length },
      { skipCovers: false },
    );
  } catch {
    throw unsupported();
  }
  const container = metadata.format.container ?? "";
  const isAudio = AUDIO_CONTAINERS.has(container) || /^M4A/.test(container);
  if (!isAudio || metadata.format.hasVideo) throw unsupported();
  const { common } = metadata;
  const date = common.date ?? (common.year ? String(common.year) : undefined);
  return {
    container,
    title: clean(common.title),
    artist: clean(common.albumartist ?? common.artist),
    album: clean(common.album),
    genre: clean(common.genre?.[0]),
    date: date && /^\d{4}(-\d{2}(-\d{2})?)?/.test(date) ? date.slice(0, 10) : undefined,
    trackNumber: common.track.no ?? undefined,
    discNumber: common.disk.no ?? undefined,
    isrc: clean(common.isrc?.[0])?.toUpperCase().replaceAll("-", ""),
    cover: usableCover(common.picture),
  };
}

/** The front cover (else the first picture) if it is a JPEG or PNG, by its bytes, within the size cap. */
function usableCover(pictures: IPicture[] | undefined): AudioTags["cover"] {
  const picture = pictures?.find((p) => /front/i.test(p.type ?? "")) ?? pictures?.[0];
  if (!picture || picture.data.length > MAX_COVER_BYTES) return undefined;
  const contentType = coverImageType(picture.data);
  return contentType ? { contentType, bytes: picture.data } : undefined;
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

function unsupported(): ApiError {
  return new ApiError(
    415,
    "unsupported_media_type",
    "The file is not an audio format Cadenza ingests; upload FLAC, WAV, AIFF, MP3, Ogg/Opus or M4A.",
  );
}
