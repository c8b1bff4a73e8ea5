import { ApiError } from "../errors.ts";
import { type HotObject, HotObjects } from "./hot-objects.ts";

/** The part of an execution context the edge cache needs. */
export type WaitUntil = { waitUntil(promise: Promise<unknown>): void };

const IMMUTABLE = "public, max-age=31536000, immutable";

/** Memory tier budget per isolate: 24 MiB in all, objects up to 2 MiB (a 10 s lossless segment is ~1 MB). */
const hotObjects = new HotObjects(24 * 1024 * 1024, 2 * 1024 * 1024);

/**
 * Serves one immutable media object: from this isolate's memory tier, else the edge cache, else
 * R2 (then cached whole in both). `cacheUrl` must not carry the signature, so every listener
 * shares one cached copy. Range requests are answered from the whole object with 206.
 */
export async function serveMediaObject(
  request: Request,
  bucket: R2Bucket,
  key: string,
  cacheUrl: string,
  ctx: WaitUntil,
): Promise<Response> {
  return respond(request, await loadMediaObject(bucket, key, cacheUrl, ctx));
}

/** One immutable media object's bytes, through the same tiers as {@link serveMediaObject}; 404 when R2 has none. */
export async function loadMediaObject(
  bucket: R2Bucket,
  key: string,
  cacheUrl: string,
  ctx: WaitUntil,
): Promise<HotObject> {
  return hotObjects.get(cacheUrl) ?? (await loadWhole(bucket, key, cacheUrl, ctx));
}

async function loadWhole(
  bucket: R2Bucket,
  key: string,
  cacheUrl: string,
  ctx: WaitUntil,
): Promise<HotObject> {
  const cache = caches.default;
  const cacheKey = new Request(cacheUrl);
  const cached = await cache.match(cacheKey);
  let whole: HotObject;
  if (cached) {
    whole = { bytes: new Uint8Array(await cached.arrayBuffer()), etag: cached.headers.get("etag") ?? "" };
  } else {
    const object = await bucket.get(key);
    if (!object) throw new ApiError(404, "not_found", "No such segment.");
    whole = { bytes: new Uint8Array(await object.arrayBuffer()), etag: object.httpEtag };
    const stored = new Response(whole.bytes, {
      headers: { "content-type": "audio/mp4", etag: whole.etag, "cache-control": IMMUTABLE },
    });
    ctx.waitUntil(cache.put(cacheKey, stored));
  }
  hotObjects.set(cacheUrl, whole);
  return whole;
}

function respond(request: Request, whole: HotObject): Response {
  const { bytes, etag } = whole;
  const headers = new Headers({
    "content-type": "audio/mp4",
    etag,
    "cache-control": IMMUTABLE,
    "accept-ranges": "bytes",
    "access-control-allow-origin": "*",
    "access-control-expose-headers": "content-length, content-range, etag",
  });
  if (
    etag &&
    request.headers
      .get("if-none-match")
      ?.split(/\s*,\s*/)
      .includes(etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  const rangeHeader = request.headers.get("range");
  if (!rangeHeader) {
    headers.set("content-length", String(bytes.byteLength));
    return new Response(bytes, { status: 200, headers });
  }
  const range = parseRange(rangeHeader, bytes.length);
  if (!range) {
    headers.set("content-range", `bytes */${bytes.length}`);
    return Response.json(
      { error: { status: 416, message: "Range not satisfiable.", code: "range_not_satisfiable" } },
      { status: 416, headers },
    );
  }
  headers.set("content-range", `bytes ${range.start}-${range.end}/${bytes.length}`);
  headers.set("content-length", String(range.end - range.start + 1));
  return new Response(bytes.slice(range.start, range.end + 1), { status: 206, headers });
}

/** Parses one `bytes=` range (RFC 9110 §14.1.2); null when unsatisfiable or malformed. */
export function parseRange(header: string, size: number): { start: number; end: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "") || size === 0) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start <= end && start < size ? { start, end } : null;
}
