import { readFile } from "node:fs/promises";
import type { RenditionMeasurements } from "./describe-encode.ts";
import { readInitInfo, readSegmentDurationTicks, segmentDurationsMs } from "./mp4-boxes.ts";
import type { PackagedRendition } from "./package.ts";

/** Reads a packaged rendition's files for their sizes (bytes) and durations (from the boxes). */
export async function measureRendition(packaged: PackagedRendition): Promise<RenditionMeasurements> {
  const init = await readFile(packaged.initPath);
  const info = readInitInfo(init);
  const segmentSizes: number[] = [];
  const ticks: number[] = [];
  // One segment in memory at a time: lossless segments of a hi-res track run to megabytes.
  for (const path of packaged.segmentPaths) {
    const segment = await readFile(path);
    segmentSizes.push(segment.byteLength);
    ticks.push(readSegmentDurationTicks(segment, info));
  }
  return {
    initSize: init.byteLength,
    segmentSizes,
    segmentDurationsMs: segmentDurationsMs(ticks, info.timescale),
  };
}
