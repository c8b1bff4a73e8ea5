import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../scripts/free-port.ts";
import { spawnWranglerDev, stopChild, waitForHealth } from "../scripts/stack.ts";

/**
 * The floor Worker: the least any edge-cached, D1-backed answer does — look the request up in
 * the edge cache (Cache API), on a miss run one D1 statement that reads no table, answer JSON and
 * put the answer in the cache after responding — and nothing else: no routing, no token, no
 * search. Cadenza's autocomplete does exactly these steps around its own work.
 */
const FLOOR_WORKER = `
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/healthz") return Response.json({ ok: true });
    const key = new Request("https://floor.internal/answer" + url.search);
    const cached = await caches.default.match(key);
    if (cached) return new Response(cached.body, cached);
    const { results } = await env.DB.prepare("SELECT ? AS q").bind(url.searchParams.get("q")).all();
    const body = JSON.stringify({ results });
    const headers = { "content-type": "application/json", "cache-control": "public, max-age=300" };
    ctx.waitUntil(caches.default.put(key, new Response(body, { headers })));
    return new Response(body, { headers: { "content-type": "application/json" } });
  },
};`;

const FLOOR_CONFIG = `name = "cadenza-bench-floor"
main = "worker.js"
compatibility_date = "2026-11-01"

[[d1_databases]]
binding = "DB"
database_name = "floor"
database_id = "floor"
`;

export interface DevFloor {
  /** Origin of the floor's own `wrangler dev`; `GET /?q=…` is the floor request, `/healthz` a static answer. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves the floor Worker with its own `wrangler dev` (its own proxy, local Cache API and D1, an
 * empty database in a temporary directory), so its requests cross what Cadenza's cross through `wrangler
 * dev` on this machine. What Cadenza takes beyond it is Cadenza's own work.
 */
export async function startDevFloor(): Promise<DevFloor> {
  const dir = mkdtempSync(join(tmpdir(), "cadenza-bench-floor-"));
  writeFileSync(join(dir, "worker.js"), FLOOR_WORKER);
  writeFileSync(join(dir, "wrangler.toml"), FLOOR_CONFIG);
  const port = await freePort();
  const output: string[] = [];
  const child: ChildProcess = spawnWranglerDev([
    ...["--config", join(dir, "wrangler.toml"), "--persist-to", join(dir, "state")],
    ...["--port", String(port), "--ip", "127.0.0.1", "--inspector-port", String(await freePort())],
    "--show-interactive-dev-session=false",
  ]);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on("data", (chunk) => output.push(String(chunk).slice(-2000)) > 20 && output.shift());
  }
  const stop = async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${url}/healthz`, 60_000);
  } catch (err) {
    await stop();
    throw new Error(`the floor Worker did not start: ${(err as Error).message}\n${output.join("")}`);
  }
  return { url, stop };
}
