import { Agent } from "node:http";
import type { DatabaseSync } from "node:sqlite";
import { generateCatalog } from "../scripts/catalog/generate-catalog.ts";
import { rebuildSearchIndex } from "../scripts/catalog/search-index.ts";
import { createRandom, type Random } from "../scripts/demo/random.ts";
import { withCatalogStack } from "./catalog-stack.ts";
import { startDevFloor } from "./dev-floor.ts";
import { send } from "./http-load.ts";
import type { BenchReport } from "./report.ts";
import { fixed, percentile } from "./stats.ts";

/** Tracks in the generated catalogue (the scale). */
export const SEARCH_CATALOG_TRACKS = 1_000_000;
/** Distinct queries per endpoint, timed one at a time. */
export const SEARCH_QUERIES = 1000;
const WARMUP_QUERIES = 50;
/** Queries repeated afterwards to time answers from the edge cache. */
const CACHED_QUERIES = 200;
const SEARCH_P99_GOAL_MS = 50;
const AUTOCOMPLETE_P99_GOAL_MS = 20;
const REQUEST_TIMEOUT_MS = 30_000;

interface Samples {
  search: number[];
  autocomplete: number[];
  healthz: number[];
  /** The floor Worker's request (`dev-floor.ts`), interleaved; empty where no floor ran. */
  floor: number[];
  cachedSearch: number[];
  /** How many searches found nothing at all (a sanity figure: most queries come from real names). */
  emptySearches: number;
}

/**
 * The search benchmark: a fresh local D1 gets a generated catalogue of a million tracks and its
 * search index (timed), then `wrangler dev` serves it; a fixed, seeded mix of 1000 distinct
 * realistic searches and 1000 distinct autocomplete prefixes drawn from that catalogue is sent
 * one request at a time, interleaved with `GET /healthz` as the baseline.
 */
export async function benchSearch(log: (line: string) => void): Promise<BenchReport> {
  return withCatalogStack(
    "search",
    log,
    (db) => {
      log(`generating ${SEARCH_CATALOG_TRACKS} tracks`);
      let started = performance.now();
      let lastLog = 0;
      generateCatalog(db, {
        tracks: SEARCH_CATALOG_TRACKS,
        seed: 7,
        nowMs: Date.now(),
        onProgress: (fraction) => {
          if (fraction - lastLog >= 0.25) {
            lastLog = fraction;
            log(`  ${Math.round(fraction * 100)}%`);
          }
        },
      });
      const generateMs = performance.now() - started;
      log(`generated in ${(generateMs / 1000).toFixed(1)} s; building the search index`);
      started = performance.now();
      rebuildSearchIndex(db);
      const indexMs = performance.now() - started;
      log(`index built in ${(indexMs / 1000).toFixed(1)} s`);
      const { listened } = db.prepare("SELECT count(*) AS listened FROM track_plays").get() as {
        listened: number;
      };
      return { generateMs, indexMs, listened, queries: buildQueries(db, createRandom(2026)) };
    },
    async ({ stack, token, dbBytes, onWorkerdDirect }, { generateMs, indexMs, listened, queries }) => {
      log("through wrangler dev, with the floor Worker on its own wrangler dev");
      const floor = await startDevFloor();
      let viaDev: Samples;
      try {
        viaDev = await measure(stack.url, token, queries, log, floor.url);
      } finally {
        await floor.stop();
      }
      const onDirect = await onWorkerdDirect((url) => measure(url, token, queries, log));
      return report(viaDev, onDirect, { generateMs, indexMs, dbBytes, listened });
    },
  );
}

/**
 * A fixed shuffle of a table's rows (an LCG of the rowid): the generated catalogue is the same
 * every run (seed 7), so the same rows are sampled and every run measures the same mix.
 */
const SHUFFLED = "(rowid * 1103515245 + 12345) % 2147483648";

/**
 * The query mix, drawn from the catalogue with a fixed seed: exact titles and artist names
 * (weighted towards popular ones, as real traffic is), title prefixes, accent-free spellings,
 * one-letter typos, field filters, common two-word queries and substrings in other scripts.
 * Every query is distinct, so none is answered from the edge cache.
 */
export function buildQueries(db: DatabaseSync, random: Random): { search: string[]; autocomplete: string[] } {
  const sample = (sql: string, n: number) => (db.prepare(sql).all(n) as { v: string }[]).map((r) => r.v);
  const popularTitles = sample(
    `SELECT title AS v FROM tracks WHERE popularity >= 50 ORDER BY ${SHUFFLED} LIMIT ?`,
    SEARCH_QUERIES,
  );
  const anyTitles = sample(`SELECT title AS v FROM tracks ORDER BY ${SHUFFLED} LIMIT ?`, SEARCH_QUERIES);
  const artists = sample(`SELECT name AS v FROM artists ORDER BY popularity DESC, ${SHUFFLED} LIMIT ?`, 2000);
  const albums = sample(`SELECT name AS v FROM albums ORDER BY ${SHUFFLED} LIMIT ?`, 500);
  const accented = sample(
    `SELECT title AS v FROM tracks WHERE title GLOB '*[à-ÿ]*' ORDER BY ${SHUFFLED} LIMIT ?`,
    300,
  );
  const cjk = sample(
    `SELECT title AS v FROM tracks WHERE unicode(title) BETWEEN 12352 AND 55215 ORDER BY ${SHUFFLED} LIMIT ?`,
    300,
  );
  const genres = sample(`SELECT name AS v FROM genres ORDER BY ${SHUFFLED} LIMIT ?`, 30);
  const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "");
  const typo = (s: string) => {
    const words = s.split(" ");
    const i = words.findIndex((w) => w.length >= 6);
    if (i < 0) return null;
    const w = words[i] as string;
    const at = 1 + random.int(w.length - 2);
    words[i] = `${w.slice(0, at)}${w[at + 1]}${w[at]}${w.slice(at + 2)}`;
    return words.join(" ");
  };
  const makers: [number, () => string | null][] = [
    [0.3, () => random.pick(popularTitles)],
    [0.12, () => random.pick(artists)],
    [0.08, () => random.pick(albums)],
    [0.12, () => random.pick(anyTitles).slice(0, 3 + random.int(8))],
    [0.08, () => (accented.length ? fold(random.pick(accented)) : null)],
    [0.08, () => typo(random.pick(popularTitles))],
    [0.07, () => `artist:"${random.pick(artists)}" year:${1990 + random.int(20)}-${2010 + random.int(16)}`],
    [0.05, () => `genre:${random.pick(genres).toLowerCase()} ${random.pick(popularTitles).split(" ")[0]}`],
    [0.05, () => `${random.pick(anyTitles).split(" ")[0]} ${random.pick(anyTitles).split(" ")[0]}`],
    [0.05, () => (cjk.length ? [...random.pick(cjk)].slice(0, 2 + random.int(2)).join("") : null)],
  ];
  const search = new Set<string>();
  for (let guard = 0; search.size < SEARCH_QUERIES + WARMUP_QUERIES && guard < 100_000; guard++) {
    const q = pickMaker(makers, random.next())()?.trim();
    if (q) search.add(q);
  }
  const autocomplete = new Set<string>();
  for (let guard = 0; autocomplete.size < SEARCH_QUERIES + WARMUP_QUERIES && guard < 100_000; guard++) {
    const source = random.chance(0.5) ? random.pick(anyTitles) : random.pick(artists);
    const chars = [...source];
    autocomplete.add(
      chars.slice(0, 1 + Math.min(chars.length - 1, Math.floor(random.next() ** 1.5 * 8))).join(""),
    );
  }
  return { search: [...search], autocomplete: [...autocomplete] };
}

/** The maker whose share of the unit interval `u` falls in (the shares add up to 1). */
function pickMaker<T>(makers: readonly [number, T][], u: number): T {
  let left = u;
  for (const [share, maker] of makers) {
    if (left < share) return maker;
    left -= share;
  }
  return (makers.at(-1) as [number, T])[1];
}

async function measure(
  origin: string,
  token: string,
  queries: { search: string[]; autocomplete: string[] },
  log: (line: string) => void,
  floorOrigin?: string,
): Promise<Samples> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const floorAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  const auth = { authorization: `Bearer ${token}` };
  const samples: Samples = {
    search: [],
    autocomplete: [],
    healthz: [],
    floor: [],
    cachedSearch: [],
    emptySearches: 0,
  };
  const timed = async (url: URL, headers: Record<string, string>, via = agent) => {
    const started = performance.now();
    const answer = await send("GET", url, headers, via, true, REQUEST_TIMEOUT_MS);
    const ms = performance.now() - started;
    if (answer.status !== 200) {
      throw new Error(
        `${url.pathname}${url.search} → ${answer.status}: ${answer.body?.toString().slice(0, 300)}`,
      );
    }
    return { ms, body: answer.body?.toString() ?? "" };
  };
  const searchUrl = (q: string) =>
    new URL(`${origin}/v1/search?${new URLSearchParams({ q, type: "track,artist,album", limit: "20" })}`);
  const suggestUrl = (q: string) =>
    new URL(`${origin}/api/search/autocomplete?${new URLSearchParams({ q, limit: "10" })}`);
  const healthUrl = new URL(`${origin}/healthz`);
  try {
    for (let i = 0; i < queries.search.length; i++) {
      const warm = i < WARMUP_QUERIES;
      const search = await timed(searchUrl(queries.search[i] as string), auth);
      const suggest = await timed(suggestUrl(queries.autocomplete[i] as string), auth);
      // The same distinct text, so the floor's edge cache misses as autocomplete's does.
      const floor =
        floorOrigin &&
        (await timed(
          new URL(`${floorOrigin}/?${new URLSearchParams({ q: queries.autocomplete[i] as string })}`),
          {},
          floorAgent,
        ));
      const health = await timed(healthUrl, {});
      if (warm) continue;
      samples.search.push(search.ms);
      samples.autocomplete.push(suggest.ms);
      if (floor) samples.floor.push(floor.ms);
      samples.healthz.push(health.ms);
      const found = JSON.parse(search.body) as Record<string, { total: number }>;
      if (Object.values(found).every((page) => page.total === 0)) samples.emptySearches++;
      if ((i + 1 - WARMUP_QUERIES) % 250 === 0) log(`  ${i + 1 - WARMUP_QUERIES} queries`);
    }
    for (const q of queries.search.slice(WARMUP_QUERIES, WARMUP_QUERIES + CACHED_QUERIES)) {
      samples.cachedSearch.push((await timed(searchUrl(q), auth)).ms);
    }
    return samples;
  } finally {
    agent.destroy();
    floorAgent.destroy();
  }
}

/** A difference in milliseconds with its sign, e.g. `+1.2 ms` or `−0.4 ms`. */
function signedMs(ms: number): string {
  return `${ms < 0 ? "−" : "+"}${fixed(Math.abs(ms), 1)} ms`;
}

function report(
  samples: Samples,
  direct: Samples,
  build: { generateMs: number; indexMs: number; dbBytes: number; listened: number },
): BenchReport {
  const p = (values: number[], q: number) => percentile(values, q);
  const spread = (values: number[]) =>
    `p50 ${fixed(p(values, 50), 1)} ms, p99 ${fixed(p(values, 99), 1)} ms, max ${fixed(Math.max(...values), 1)} ms`;
  const healthP50 = p(samples.healthz, 50);
  return {
    name: "search",
    title: `Search and autocomplete on a generated catalogue of ${SEARCH_CATALOG_TRACKS.toLocaleString("en")} tracks, through \`wrangler dev\` (and on workerd-direct)`,
    figures: [
      {
        metric: `GET /v1/search (${samples.search.length} distinct queries, type=track,artist,album)`,
        value: spread(samples.search),
        goal: `p99 ≤ ${SEARCH_P99_GOAL_MS} ms`,
        pass: p(samples.search, 99) <= SEARCH_P99_GOAL_MS,
      },
      {
        metric: `GET /api/search/autocomplete (${samples.autocomplete.length} distinct prefixes)`,
        value: spread(samples.autocomplete),
        goal: `p99 ≤ ${AUTOCOMPLETE_P99_GOAL_MS} ms`,
        pass: p(samples.autocomplete, 99) <= AUTOCOMPLETE_P99_GOAL_MS,
      },
      { metric: "GET /healthz, interleaved (baseline)", value: spread(samples.healthz) },
      {
        metric: "floor: edge-cache miss + one D1 statement + cache put, own wrangler dev, interleaved",
        value: spread(samples.floor),
      },
      {
        metric: "autocomplete above the floor (p50 and p99 differences)",
        value: [50, 99].map((q) => signedMs(p(samples.autocomplete, q) - p(samples.floor, q))).join(", "),
      },
      {
        metric: "ratio p50 search / healthz, autocomplete / healthz",
        value: `${fixed(p(samples.search, 50) / healthP50, 2)}×, ${fixed(p(samples.autocomplete, 50) / healthP50, 2)}×`,
      },
      {
        metric: `repeated searches from the edge cache (${samples.cachedSearch.length})`,
        value: spread(samples.cachedSearch),
      },
      {
        metric: "catalogue generation (1M tracks) + search index build",
        value: `${fixed(build.generateMs / 1000, 1)} s + ${fixed(build.indexMs / 1000, 1)} s; database ${fixed(build.dbBytes / 2 ** 30, 2)} GiB`,
      },
      {
        metric: "searches that found nothing",
        value: `${samples.emptySearches} of ${samples.search.length}`,
      },
      {
        metric: "workerd-direct: GET /v1/search (the same queries)",
        value: spread(direct.search),
        goal: `p99 ≤ ${SEARCH_P99_GOAL_MS} ms`,
        pass: p(direct.search, 99) <= SEARCH_P99_GOAL_MS,
      },
      {
        metric: "workerd-direct: GET /api/search/autocomplete (the same prefixes)",
        value: spread(direct.autocomplete),
        goal: `p99 ≤ ${AUTOCOMPLETE_P99_GOAL_MS} ms`,
        pass: p(direct.autocomplete, 99) <= AUTOCOMPLETE_P99_GOAL_MS,
      },
      { metric: "workerd-direct: GET /healthz, interleaved (baseline)", value: spread(direct.healthz) },
    ],
    notes: [
      `Catalogue: \`scripts/catalog/generate-catalog.ts\` (seed 7) written with \`node:sqlite\` into a fresh local D1 file, then the Worker's own index rebuild statements; \`wrangler dev\` then serves that file. ${build.listened.toLocaleString("en")} of its tracks have listens (\`track_plays\`), which the ranking counts.`,
      `Queries: the same mix every run (seeded picks from a fixed shuffle of the seeded catalogue's rows) — exact popular titles 30 %, artist names 12 %, album names 8 %, title prefixes 12 %, accent-free spellings 8 %, one transposed letter 8 %, \`artist:"…" year:a-b\` 7 %, \`genre:… word\` 5 %, two common words 5 %, 2–3 CJK characters 5 %; autocomplete: 1–8 leading characters of titles and artist names. All distinct, so the edge cache never answers them; ${WARMUP_QUERIES} untimed warm-up queries first.`,
      "One request at a time over one keep-alive socket, search → autocomplete → floor → /healthz in turn, so all four see the same machine; latency is send to last body byte, through wrangler dev's proxy Worker (a second workerd process), load generator on the same 2 cores.",
      "The floor (`bench/dev-floor.ts`) is a Worker that does only what every edge-cached, D1-backed answer does: a Cache API lookup that misses (it gets the autocomplete prefix, so it is as distinct), one D1 statement that reads no table, a JSON answer, the Cache API put after answering. It runs on its own `wrangler dev` (proxy, local Cache API and D1 emulation, like Cadenza's), on its own keep-alive socket. Autocomplete does these same steps around its own work (token, parsing, the FTS5 lookup over 1M names), so what it takes above the floor is Cadenza's own, and the floor is what any Worker taking those steps pays here. Between its own requests the floor's wrangler dev is idle; it is stopped before workerd-direct, where no floor runs.",
      "workerd-direct (`bench/workerd-direct.ts`): the same deploy bundle on one workerd over the same persisted D1, without wrangler dev's proxy, as production has no such hop; the same queries, in the same order, after the wrangler dev run.",
    ],
  };
}
