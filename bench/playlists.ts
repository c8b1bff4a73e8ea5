import { Agent } from "node:http";
import { generateCatalog } from "../scripts/catalog/generate-catalog.ts";
import { createRandom } from "../scripts/demo/random.ts";
import { withCatalogStack } from "./catalog-stack.ts";
import { send } from "./http-load.ts";
import type { BenchReport } from "./report.ts";
import { fixed, percentile, runInterleaved } from "./stats.ts";

/** Items in the benchmark playlist: Spotify's (and Cadenza's) maximum. */
const PLAYLIST_ITEMS = 10_000;
/** Tracks in the generated catalogue the items are drawn from. */
const CATALOG_TRACKS = 20_000;
const PAGE = 100;
const ROUNDS = 1000;
const WARMUP_ROUNDS = 50;
const P99_GOAL_MS = 30;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The playlist benchmark: a fresh local D1 gets a generated catalogue; through `wrangler dev` a
 * user builds a 10,000-item playlist with 100 appends of 100 tracks (timed), then pages of 100
 * items at random offsets (`GET /v1/playlists/{id}/tracks`) are read one at a time, interleaved
 * with `GET /healthz` as the baseline.
 */
export async function benchPlaylists(log: (line: string) => void): Promise<BenchReport> {
  return withCatalogStack(
    "playlists",
    log,
    (db) => {
      log(`generating ${CATALOG_TRACKS} tracks`);
      generateCatalog(db, { tracks: CATALOG_TRACKS, seed: 11, nowMs: Date.now() });
      const rows = db.prepare("SELECT id FROM tracks WHERE kind = 'music' ORDER BY id").all() as {
        id: string;
      }[];
      return rows.map((row) => row.id);
    },
    async ({ stack, cadenza, token, onWorkerdDirect }, trackIds) => {
      const random = createRandom(2026);
      const playlist = await cadenza.json<{ id: string }>("/v1/me/playlists", {
        method: "POST",
        token,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: "Everything", public: false }),
      });
      log(`appending ${PLAYLIST_ITEMS} items, ${PAGE} per request`);
      const appendMs: number[] = [];
      for (let added = 0; added < PLAYLIST_ITEMS; added += PAGE) {
        const uris = Array.from({ length: PAGE }, () => `cadenza:track:${random.pick(trackIds)}`);
        const started = performance.now();
        await cadenza.json(`/v1/playlists/${playlist.id}/tracks`, {
          method: "POST",
          token,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ uris }),
        });
        appendMs.push(performance.now() - started);
      }
      log("reading pages through wrangler dev");
      const viaDev = await measure(stack.url, token, playlist.id, log);
      const direct = await onWorkerdDirect((url) => measure(url, token, playlist.id, log));
      return report({ viaDev, direct }, appendMs);
    },
  );
}

interface Samples {
  page: number[];
  pageInMarket: number[];
  /** Body size of a page without and with a market, characters. */
  bytes: { page: number; pageInMarket: number };
  first: number[];
  healthz: number[];
}

async function measure(
  origin: string,
  token: string,
  playlistId: string,
  log: (line: string) => void,
): Promise<Samples> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const auth = { authorization: `Bearer ${token}` };
  const random = createRandom(7);
  const timed = async (url: URL, headers: Record<string, string>, check?: (body: string) => void) => {
    const started = performance.now();
    const answer = await send("GET", url, headers, agent, true, REQUEST_TIMEOUT_MS);
    const ms = performance.now() - started;
    if (answer.status !== 200) {
      throw new Error(
        `${url.pathname}${url.search} → ${answer.status}: ${answer.body?.toString().slice(0, 300)}`,
      );
    }
    check?.(answer.body?.toString() ?? "");
    return ms;
  };
  const bytes = { page: 0, pageInMarket: 0 };
  const fullPage = (body: string) => {
    const page = JSON.parse(body) as { items: { track: unknown }[]; total: number };
    if (
      page.total !== PLAYLIST_ITEMS ||
      page.items.length !== PAGE ||
      page.items.some((item) => !item.track)
    ) {
      throw new Error(`a page did not hold ${PAGE} playable items of ${PLAYLIST_ITEMS}`);
    }
  };
  try {
    const rounds = await runInterleaved(
      ROUNDS + WARMUP_ROUNDS,
      {
        page: () => {
          const offset = random.int(PLAYLIST_ITEMS / PAGE) * PAGE;
          const url = new URL(`${origin}/v1/playlists/${playlistId}/tracks?offset=${offset}&limit=${PAGE}`);
          return timed(url, auth, (body) => {
            fullPage(body);
            bytes.page = body.length;
          });
        },
        pageInMarket: () => {
          const offset = random.int(PLAYLIST_ITEMS / PAGE) * PAGE;
          const url = new URL(
            `${origin}/v1/playlists/${playlistId}/tracks?offset=${offset}&limit=${PAGE}&market=from_token`,
          );
          return timed(url, auth, (body) => {
            fullPage(body);
            bytes.pageInMarket = body.length;
          });
        },
        first: () => timed(new URL(`${origin}/v1/playlists/${playlistId}`), auth),
        healthz: () => timed(new URL(`${origin}/healthz`), {}),
      },
      (name, round) => {
        if (name === "healthz" && (round + 1) % 250 === 0) log(`  ${round + 1} rounds`);
      },
    );
    return {
      page: rounds.page.slice(WARMUP_ROUNDS),
      pageInMarket: rounds.pageInMarket.slice(WARMUP_ROUNDS),
      first: rounds.first.slice(WARMUP_ROUNDS),
      healthz: rounds.healthz.slice(WARMUP_ROUNDS),
      bytes,
    };
  } finally {
    agent.destroy();
  }
}

function report(runs: { viaDev: Samples; direct: Samples }, appendMs: number[]): BenchReport {
  const p = (values: number[], q: number) => percentile(values, q);
  const spread = (values: number[]) =>
    `p50 ${fixed(p(values, 50), 1)} ms, p99 ${fixed(p(values, 99), 1)} ms, max ${fixed(Math.max(...values), 1)} ms`;
  const figures = (samples: Samples, where: string) => [
    {
      metric: `${where}: GET /v1/playlists/{id}/tracks, ${PAGE} items at a random offset (${samples.page.length}; ${kb(samples.bytes.page)} body)`,
      value: spread(samples.page),
      goal: `p99 ≤ ${P99_GOAL_MS} ms`,
      pass: p(samples.page, 99) <= P99_GOAL_MS,
    },
    {
      metric: `${where}: the same with market=from_token (no available_markets lists; ${kb(samples.bytes.pageInMarket)} body)`,
      value: spread(samples.pageInMarket),
    },
    { metric: `${where}: GET /v1/playlists/{id} (object + first 100 items)`, value: spread(samples.first) },
    { metric: `${where}: GET /healthz, interleaved (baseline)`, value: spread(samples.healthz) },
    {
      metric: `${where}: ratio p50 page / healthz`,
      value: `${fixed(p(samples.page, 50) / p(samples.healthz, 50), 2)}×`,
    },
  ];
  return {
    name: "playlists",
    title: `A ${PLAYLIST_ITEMS.toLocaleString("en")}-item playlist, through \`wrangler dev\` and on workerd-direct`,
    figures: [
      ...figures(runs.viaDev, "wrangler dev"),
      ...figures(runs.direct, "workerd-direct"),
      {
        metric: `wrangler dev: POST /v1/playlists/{id}/tracks, ${PAGE} uris each, filling to ${PLAYLIST_ITEMS.toLocaleString("en")}`,
        value: spread(appendMs),
      },
    ],
    notes: [
      `Catalogue: ${CATALOG_TRACKS.toLocaleString("en")} generated tracks (\`scripts/catalog/generate-catalog.ts\`, metadata only); the playlist draws its items from them at random, so a page spans ~100 albums and artists, the costly case.`,
      `One request at a time over one keep-alive socket; the two page kinds, playlist object and /healthz rotate order each round (${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up), load generator on the same 2 cores. Every page is checked to hold ${PAGE} playable items.`,
      "wrangler dev puts a proxy Worker (a second workerd process) in front of the Worker, and every body crosses both; workerd-direct (`bench/workerd-direct.ts`) serves the same deploy bundle and the same persisted D1 state on one workerd, as production has no such hop.",
    ],
  };
}

const kb = (chars: number) => `${Math.round(chars / 1024)} KiB`;
