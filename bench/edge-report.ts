import { availableParallelism } from "node:os";
import type { ManifestTarget } from "./edge-manifest.ts";
import {
  MANIFEST_CONCURRENCY,
  MANIFEST_ROUND_MS,
  MANIFEST_ROUNDS,
  MANIFEST_WARMUP_MS,
} from "./edge-manifest.ts";
import type { SegmentDelivery } from "./edge-segments.ts";
import {
  BREAKDOWN_ROUND_MS,
  BREAKDOWN_ROUNDS,
  SEGMENT_CLIENTS,
  SEGMENT_ROUND_MS,
  SEGMENT_ROUNDS,
  SEGMENT_WARMUP_MS,
} from "./edge-segments.ts";
import { type LoadResult, pooledLatencies, requestsPerSecond } from "./http-load.ts";
import { type BenchReport, markdownTable } from "./report.ts";
import { fixed, median, percentile } from "./stats.ts";

/** Smallest accepted manifest / healthz requests-per-second ratio. */
export const MANIFEST_RATIO_GOAL = 0.5;
/** Smallest accepted Cadenza / static-server segment MB/s ratio. */
export const SEGMENT_RATIO_GOAL = 0.7;

/** Decimal megabytes (10^6 bytes) per second. */
const megabytesPerSecond = (r: LoadResult) => r.bytes / 1e6 / r.elapsedSeconds;

function latencyText(results: readonly LoadResult[]): string {
  const all = pooledLatencies(results);
  return `p50 ${fixed(percentile(all, 50), 1)} ms, p99 ${fixed(percentile(all, 99), 1)} ms`;
}

/**
 * The segment path taken apart: requests per second of ever larger work on the same 8 clients,
 * and its inverse, the server's milliseconds per request at saturation.
 */
function segmentBreakdown(segments: SegmentDelivery): string {
  const rows: Array<[string, number, LoadResult[]]> = [
    ["`/healthz`: wrangler dev's floor for any request", 11, segments.breakdown.healthz],
    ["signed `init.mp4`: + signature check, memory-tier lookup", segments.initBytes, segments.breakdown.init],
    [
      `signed ${segments.segmentName}: + streaming the bytes`,
      segments.segmentBytes,
      segments.samples.cadenza,
    ],
    ["Node static server, same segment", segments.segmentBytes, segments.samples.static],
  ];
  return markdownTable(
    ["request (8 clients)", "body bytes", "req/s (median)", "ms per request (1000 / req/s)"],
    rows.map(([label, bytes, results]) => {
      const rate = median(results.map(requestsPerSecond));
      return [label, String(bytes), fixed(rate, 0), fixed(1000 / rate, 2)];
    }),
  );
}

/** Each round's A / B ratio (the two runs of a round are adjacent in time), formatted. */
function pairedRatios(a: readonly LoadResult[], b: readonly LoadResult[], rate: (r: LoadResult) => number) {
  return a.map((r, i) => fixed(rate(r) / rate(b[i] as LoadResult), 2)).join(", ");
}

/** Figures of the edge benchmark: manifest throughput and segment delivery, each against its baseline. */
export function summarizeEdge(
  manifest: Record<ManifestTarget, LoadResult[]>,
  segments: SegmentDelivery,
  info: {
    songSeconds: number;
    /** Why rounds were discarded and run again (wrangler dev reloads, stalls). */
    discarded: readonly string[];
  },
): BenchReport {
  const rps = (t: ManifestTarget) => median(manifest[t].map(requestsPerSecond));
  const manifestRatio = rps("manifest") / rps("healthz");
  const mbps = (s: keyof SegmentDelivery["samples"]) => median(segments.samples[s].map(megabytesPerSecond));
  const segmentRatio = mbps("cadenza") / mbps("static");
  const directRatio = mbps("workerd") / mbps("static");
  const perRound = (results: readonly LoadResult[], rate: (r: LoadResult) => number) =>
    results.map((r) => fixed(rate(r), 0)).join(", ");
  return {
    name: "edge",
    title: "Edge: manifests and segment delivery on `wrangler dev`",
    figures: [
      { metric: "manifest?quality=high throughput", value: `${fixed(rps("manifest"), 0)} req/s` },
      { metric: "manifest latency", value: latencyText(manifest.manifest) },
      { metric: "/healthz throughput (baseline)", value: `${fixed(rps("healthz"), 0)} req/s` },
      { metric: "/healthz latency", value: latencyText(manifest.healthz) },
      {
        metric: "ratio manifest / healthz req/s",
        value: `${fixed(manifestRatio, 3)}× (rounds: ${pairedRatios(manifest.manifest, manifest.healthz, requestsPerSecond)})`,
        goal: `≥ ${MANIFEST_RATIO_GOAL}`,
        pass: manifestRatio >= MANIFEST_RATIO_GOAL,
      },
      {
        metric: `segment delivery, Cadenza (${segments.segmentName})`,
        value: `${fixed(mbps("cadenza"), 1)} MB/s`,
      },
      { metric: "segment delivery, Node static server", value: `${fixed(mbps("static"), 1)} MB/s` },
      {
        metric: "ratio Cadenza / static MB/s",
        value: `${fixed(segmentRatio, 3)}× (rounds: ${pairedRatios(segments.samples.cadenza, segments.samples.static, megabytesPerSecond)})`,
        goal: `≥ ${SEGMENT_RATIO_GOAL}`,
        pass: segmentRatio >= SEGMENT_RATIO_GOAL,
      },
      {
        metric: "segment delivery, same bundle on workerd without wrangler dev's proxy",
        value: `${fixed(mbps("workerd"), 1)} MB/s`,
      },
      {
        metric: "ratio workerd-direct / static MB/s",
        value: `${fixed(directRatio, 3)}× (rounds: ${pairedRatios(segments.samples.workerd, segments.samples.static, megabytesPerSecond)})`,
        goal: `≥ ${SEGMENT_RATIO_GOAL}`,
        pass: directRatio >= SEGMENT_RATIO_GOAL,
      },
    ],
    notes: [
      `Stack: \`wrangler dev\` (workerd, local D1/R2/Cache) + the transcoder, fresh state in a temp dir; one ${info.songSeconds} s synthesised song uploaded and transcoded first; a premium US listener's bearer token.`,
      `**The load generator (Node, this process) and workerd share the same ${availableParallelism()}-core machine**: absolute figures are bounded by both, so the ratios are the meaningful numbers. Loopback only (127.0.0.1).`,
      `Manifests: ${MANIFEST_CONCURRENCY} requests in flight over a keep-alive \`node:http\` Agent (maxSockets ${MANIFEST_CONCURRENCY}); ${MANIFEST_WARMUP_MS / 1000} s warm-up per target, then ${MANIFEST_ROUNDS} rounds of ${MANIFEST_ROUND_MS / 1000} s per target, interleaved with the order rotated; req/s is the median of rounds and the ratio is median / median (each round's own ratio in brackets), latencies are pooled over the timed rounds (send to last body byte). The manifest path verifies the JWT, reads the track's playback facts (edge Cache API, 30 s, else D1) and signs two URLs (HMAC-SHA256).`,
      `Segments: ${SEGMENT_CLIENTS} clients download the ${fixed(segments.segmentBytes / 1e6, 2)} MB ${segments.segmentName} segment back to back for ${SEGMENT_ROUND_MS / 1000} s per round, ${SEGMENT_ROUNDS} rounds per server, interleaved, after a ${SEGMENT_WARMUP_MS / 1000} s warm-up (which also fills Cadenza's edge cache). Baseline: a plain \`node:http\` server streaming the same bytes from a file with Content-Length. "workerd-direct" is the bundle \`wrangler deploy\` would upload, run by Miniflare on a single workerd with the same bindings: \`wrangler dev\` routes every request and body through a proxy Worker in a second workerd process (so the port survives reloads), a hop production does not have. MB = 10^6 bytes. Every body had the manifest's size, and the first body of each run equalled the file byte for byte.`,
      info.discarded.length === 0
        ? "No round straddled a `wrangler dev` reload or stalled (the tree is watched and others edit workers/ concurrently; such rounds would be discarded and re-run)."
        : `${info.discarded.length} round(s) were discarded and re-run because \`wrangler dev\` reloaded the Worker (others edit workers/ concurrently) or a request stalled for 15 s: ${info.discarded.map((d) => `“${d}”`).join("; ")}.`,
    ],
    details: [
      "Per round:",
      "",
      markdownTable(
        ["target", "per round", "median"],
        [
          ["manifest, req/s", perRound(manifest.manifest, requestsPerSecond), fixed(rps("manifest"), 0)],
          ["/healthz, req/s", perRound(manifest.healthz, requestsPerSecond), fixed(rps("healthz"), 0)],
          [
            "Cadenza segment, MB/s",
            perRound(segments.samples.cadenza, megabytesPerSecond),
            fixed(mbps("cadenza"), 1),
          ],
          [
            "workerd-direct segment, MB/s",
            perRound(segments.samples.workerd, megabytesPerSecond),
            fixed(mbps("workerd"), 1),
          ],
          [
            "static segment, MB/s",
            perRound(segments.samples.static, megabytesPerSecond),
            fixed(mbps("static"), 1),
          ],
        ],
      ),
      "",
      `Where Cadenza's time per segment goes (same keep-alive clients; the first two rows are ${BREAKDOWN_ROUNDS} extra rounds of ${BREAKDOWN_ROUND_MS / 1000} s each, after the timed ones):`,
      "",
      segmentBreakdown(segments),
    ].join("\n"),
  };
}
