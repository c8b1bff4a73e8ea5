import type { EncodeDescription } from "../../transcoder/protocol.ts";
import type { CatalogDb, EncodeRow, JobRow, RenditionRow } from "../db/catalog-db.ts";
import { ApiError } from "../errors.ts";

export const QUALITIES = ["low", "normal", "high", "very_high", "lossless"] as const;

/** R2 prefix of one encode: `audio/{trackId}/{encodeId}/`. */
export function encodePrefix(trackId: string, encodeId: string): string {
  return `audio/${trackId}/${encodeId}/`;
}

/** R2 key of one rendition object; `file` is `init.mp4` or `{n}.m4s`. */
export function renditionKey(trackId: string, encodeId: string, quality: string, file: string): string {
  return `${encodePrefix(trackId, encodeId)}${quality}/${file}`;
}

/**
 * Publishes an attempt's encode: every object it lists must already be in R2 with the listed
 * size; only then does one atomic database step make it the track's current encode.
 * Publishing an encode that is already published is a no-op.
 */
export async function publishEncode(
  db: CatalogDb,
  bucket: R2Bucket,
  job: JobRow,
  description: EncodeDescription,
  nowMs: number,
): Promise<void> {
  if (job.status === "succeeded" && job.encodeId === description.encode_id) return;
  if (job.status !== "running" || job.encodeId !== description.encode_id) {
    throw new ApiError(
      409,
      "stale_attempt",
      "This encode is not the job's current attempt; start the job again.",
    );
  }
  const stored = await listSizes(bucket, encodePrefix(job.trackId, description.encode_id));
  const missing: string[] = [];
  for (const rendition of description.renditions) {
    if (
      rendition.segment_sizes.length !== rendition.segment_durations_ms.length ||
      rendition.segment_sizes.length === 0
    ) {
      throw new ApiError(
        400,
        "invalid_request",
        `Rendition ${rendition.name} needs one duration per segment.`,
      );
    }
    const expected: [string, number][] = [
      ["init.mp4", rendition.init_size],
      ...rendition.segment_sizes.map((size, n): [string, number] => [`${n}.m4s`, size]),
    ];
    for (const [file, size] of expected) {
      const key = renditionKey(job.trackId, description.encode_id, rendition.name, file);
      if (stored.get(key) !== size || size === 0) missing.push(key);
    }
  }
  if (missing.length) {
    throw new ApiError(
      409,
      "objects_missing",
      `Not published: ${missing.length} object(s) missing or wrong size, e.g. ${missing[0]}.`,
    );
  }
  const encode: EncodeRow = {
    id: description.encode_id,
    trackId: job.trackId,
    jobId: job.id,
    durationMs: Math.round(description.duration_ms),
    integratedLufs: description.loudness.integrated_lufs,
    truePeakDbtp: description.loudness.true_peak_dbtp,
    createdAt: nowMs,
  };
  const rows: RenditionRow[] = description.renditions.map((r) => ({
    encodeId: encode.id,
    quality: r.name,
    codec: r.codec,
    codecs: r.codecs,
    bitrateKbps: Math.round(r.bitrate_kbps),
    averageBitrateBps: Math.round(r.average_bitrate_bps),
    peakBitrateBps: Math.round(r.peak_bitrate_bps),
    sampleRate: r.sample_rate,
    channels: r.channels,
    initSize: r.init_size,
    segmentCount: r.segment_sizes.length,
    segmentSizes: JSON.stringify(r.segment_sizes),
    segmentDurationsMs: JSON.stringify(r.segment_durations_ms.map((d) => Math.round(d))),
  }));
  await db.publishEncode(job.id, encode, rows, nowMs);
}

/** Deletes every object under a prefix (an abandoned attempt's leftovers). */
export async function deletePrefix(bucket: R2Bucket, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    const keys = page.objects.map((o) => o.key);
    if (keys.length) await bucket.delete(keys);
    deleted += keys.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

async function listSizes(bucket: R2Bucket, prefix: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix, cursor, limit: 1000 });
    for (const object of page.objects) sizes.set(object.key, object.size);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return sizes;
}
