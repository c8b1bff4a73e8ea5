import { ApiError } from "../errors.ts";

/** The part of an execution context the edge cache needs. */
export type WaitUntil = { waitUntil(promise: Promise<unknown>): void };

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves one immutable media object: from the edge cache when present, else from R2 (and
 * then cached whole). `cacheUrl` must not carry the signature, so every listener shares one
 * cached copy. Range requests are answered from the whole object with 206.
 */
export async function serveMediaObject(
  request: Request,
  bucket: R2Bucket,
  key: string,
  cacheUrl: string,
  ctx: WaitUntil,
): Promise<Response> {
  const cache = caches.default;
  const cacheKey = new Request(cacheUrl);
  let whole = await cache.match(cacheKey);
  if (!whole) {
    const object = await bucket.get(key);
    if (!object) throw new ApiError(404, "not_found", "No such segment.");
    whole = new Response(object.body, {
      headers: {
        "content-type": "audio/mp4",
        "content-length": String(object.size),
        etag: object.httpEtag,
        "cache-control": IMMUTABLE,
        "accept-ranges": "bytes",
      },
    });
    ctx.waitUntil(cache.put(cacheKey, whole.clone()));
  }
  const etag = whole.headers.get("etag") ?? "";
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
    headers.set("content-length", whole.headers.get("content-length") ?? "");
    return new Response(whole.body, { status: 200, headers });
  }
  const bytes = new Uint8Array(await whole.arrayBuffer());
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
