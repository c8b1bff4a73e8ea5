import type { Context } from "hono";
import type { AppEnv } from "../env.ts";

/** How long the edge keeps a search or autocomplete answer, seconds (the seed's five minutes). */
export const SEARCH_CACHE_SECONDS = 300;

/**
 * Answers from the edge cache (Cache API) when it holds an answer for `key`, else renders the
 * JSON body, answers with it and caches it. `key` must name everything the body depends on —
 * the normalised query, types, paging and market — and nothing about the listener, so every
 * listener asking the same thing shares one cached answer. `x-cache: hit|miss` says which it was.
 */
export async function cachedSearchAnswer(
  c: Context<AppEnv>,
  key: Record<string, string>,
  render: () => Promise<unknown>,
): Promise<Response> {
  const url = new URL(c.req.url);
  const cacheUrl = new URL(`https://search-cache.cadenza.internal${url.pathname}`);
  // The body holds absolute links, so the public origin belongs in the key too.
  for (const [name, value] of Object.entries({ ...key, origin: url.origin }).sort()) {
    cacheUrl.searchParams.set(name, value);
  }
  const cacheKey = new Request(cacheUrl);
  const cache = caches.default;
  const hit = await cache.match(cacheKey);
  if (hit) return answer(await hit.text(), "hit");
  const body = JSON.stringify(await render());
  const stored = new Response(body, {
    headers: {
      "content-type": "application/json",
      "cache-control": `public, max-age=${SEARCH_CACHE_SECONDS}`,
    },
  });
  c.executionCtx.waitUntil(cache.put(cacheKey, stored));
  return answer(body, "miss");
}

function answer(body: string, cache: "hit" | "miss"): Response {
  return new Response(body, {
    headers: {
      "content-type": "application/json",
      // The request carried a token: shared caches must not keep it, the listener's browser may.
      "cache-control": `private, max-age=${SEARCH_CACHE_SECONDS}`,
      "x-cache": cache,
    },
  });
}
