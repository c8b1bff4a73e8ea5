import { startEdgeFixture } from "./edge-fixture.ts";
import { measureManifestThroughput } from "./edge-manifest.ts";
import { summarizeEdge } from "./edge-report.ts";
import { measureSegmentDelivery } from "./edge-segments.ts";
import { ReloadGuard } from "./reload-guard.ts";
import type { BenchReport } from "./report.ts";

/** Length of the song uploaded for the edge benchmark, seconds (three 10 s segments per rendition). */
const SONG_SECONDS = 30;

/**
 * The edge benchmark: starts the local stack, uploads and transcodes one song, then measures
 * manifest throughput against /healthz and segment delivery against a plain static server.
 * The stack and its temp dir are gone when it returns or throws.
 */
export async function benchEdge(log: (line: string) => void): Promise<BenchReport> {
  const fixture = await startEdgeFixture(log, SONG_SECONDS);
  try {
    const guard = new ReloadGuard(fixture.stack.output, `${fixture.stack.url}/healthz`, log);
    log("manifest throughput");
    const manifest = await measureManifestThroughput(fixture, guard, log);
    log("segment delivery");
    const segments = await measureSegmentDelivery(fixture, guard, log);
    return summarizeEdge(manifest, segments, { songSeconds: SONG_SECONDS, discarded: guard.discarded });
  } finally {
    await fixture.close();
  }
}
