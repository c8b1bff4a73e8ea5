import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bearer, call, newUser, seedPlayableTrack } from "../test/helpers.ts";
import { signRendition } from "./signing.ts";

interface Manifest {
  song_id: string;
  quality: string;
  requested_quality: string;
  format: string;
  codec: string;
  bitrate: number;
  duration: number;
  loudness: { integrated_lufs: number; true_peak_dbtp: number };
  init_url: string;
  chunks: { index: number; url: string; start_time: number; end_time: number; size: number }[];
  hls_url: string;
  expires_at: string;
  hls?: { master_playlist: string; media_playlist_url: string; media_playlist: string };
}

async function manifest(token: string, trackId: string, quality?: string) {
  const query = quality ? `?quality=${quality}` : "";
  return call(`/stream/${trackId}/manifest${query}`, bearer(token));
}

const path = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

describe("manifest", () => {
  it("lists signed chunks with times and sizes, loudness and an HLS url", async () => {
    const track = await seedPlayableTrack();
    const listener = await newUser({ product: "premium" });
    const res = await manifest(listener.access_token, track.trackId, "normal");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Manifest;
    expect(body).toMatchObject({
      song_id: track.trackId,
      quality: "normal",
      format: "cmaf",
      codec: "opus",
      bitrate: 96,
      duration: 25,
      loudness: { integrated_lufs: -14.5, true_peak_dbtp: -1.2 },
    });
    expect(body.chunks.map((c) => [c.index, c.start_time, c.end_time])).toEqual([
      [0, 0, 10],
      [1, 10, 20],
      [2, 20, 25],
    ]);
    expect(body.chunks[0]?.size).toBe(track.objects.get("normal/0.m4s")?.length);
    expect(body.chunks[0]?.url).toMatch(/\/normal\/0\.m4s\?u=.+&exp=\d+&sig=/);
    expect(new Date(body.expires_at).getTime()).toBeGreaterThan(Date.now());
    const init = await call(path(body.init_url));
    expect(init.status).toBe(200);
    expect(new Uint8Array(await init.arrayBuffer())).toEqual(track.objects.get("normal/init.mp4"));
  });

  it("clamps a free listener to high (160 kbps) and says so", async () => {
    const track = await seedPlayableTrack();
    const free = await newUser();
    for (const asked of ["very_high", "lossless"]) {
      const body = (await (await manifest(free.access_token, track.trackId, asked)).json()) as Manifest;
      expect(body).toMatchObject({ quality: "high", requested_quality: asked, bitrate: 160 });
    }
  });

  it("gives premium listeners lossless FLAC", async () => {
    const track = await seedPlayableTrack();
    const premium = await newUser({ product: "premium" });
    const body = (await (await manifest(premium.access_token, track.trackId, "lossless")).json()) as Manifest;
    expect(body).toMatchObject({ quality: "lossless", codec: "flac" });
  });

  it("answers 451 where the track is not licensed, and serves it where it is", async () => {
    const track = await seedPlayableTrack({ markets: ",AT,CH,DE," });
    const swede = await newUser({ country: "SE" });
    const german = await newUser({ country: "DE" });
    const refused = await manifest(swede.access_token, track.trackId);
    expect(refused.status).toBe(451);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("unavailable_in_market");
    expect((await call(`/stream/${track.trackId}/master.m3u8`, bearer(swede.access_token))).status).toBe(451);
    expect((await manifest(german.access_token, track.trackId)).status).toBe(200);
  });

  it("rejects a bad quality value with 400 and an unknown track with 404", async () => {
    const listener = await newUser();
    const track = await seedPlayableTrack();
    expect((await manifest(listener.access_token, track.trackId, "ultra")).status).toBe(400);
    const missing = await manifest(listener.access_token, "0000000000000000000000");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { status: number } }).error.status).toBe(404);
  });

  it("needs a listener token", async () => {
    const track = await seedPlayableTrack();
    expect((await call(`/stream/${track.trackId}/manifest`)).status).toBe(401);
    expect((await call(`/stream/${track.trackId}/master.m3u8`)).status).toBe(401);
  });
});

describe("HLS", () => {
  it("puts the master and the chosen media playlist in the manifest when asked (include=hls)", async () => {
    const track = await seedPlayableTrack();
    const free = await newUser();
    const plain = (await (await manifest(free.access_token, track.trackId, "normal")).json()) as Manifest;
    expect(plain.hls).toBeUndefined();
    const res = await call(
      `/stream/${track.trackId}/manifest?quality=very_high&include=hls`,
      bearer(free.access_token),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Manifest;
    const hls = body.hls as NonNullable<Manifest["hls"]>;
    // The same master the listener would fetch: free stops at high.
    const master = await (
      await call(`/stream/${track.trackId}/master.m3u8`, bearer(free.access_token))
    ).text();
    const uris = (text: string) => text.split("\n").filter((line) => line && !line.startsWith("#"));
    expect(uris(hls.master_playlist).map((u) => u.split("?")[0])).toEqual(
      uris(master).map((u) => u.split("?")[0]),
    );
    // The clamped rendition's media playlist, at the URL its variant in the master resolves to.
    expect(body.quality).toBe("high");
    const variant = uris(hls.master_playlist).find((u) => u.includes("/high/")) as string;
    expect(new URL(variant, body.hls_url).href).toBe(hls.media_playlist_url);
    const fetched = await call(path(hls.media_playlist_url));
    expect(fetched.status).toBe(200);
    expect(hls.media_playlist).toBe(await fetched.text());
    const segment = uris(hls.media_playlist)[0] as string;
    expect((await call(path(new URL(segment, hls.media_playlist_url).href))).status).toBe(200);
    expect(
      (await call(`/stream/${track.trackId}/manifest?include=dash`, bearer(free.access_token))).status,
    ).toBe(400);
  });

  it("offers every allowed rendition in a v7 master with CODECS and measured BANDWIDTH", async () => {
    const track = await seedPlayableTrack();
    const free = await newUser();
    const res = await call(`/stream/${track.trackId}/master.m3u8`, bearer(free.access_token));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const text = await res.text();
    expect(text.startsWith("#EXTM3U\n#EXT-X-VERSION:7\n")).toBe(true);
    const variants = [
      ...text.matchAll(/#EXT-X-STREAM-INF:BANDWIDTH=(\d+),AVERAGE-BANDWIDTH=\d+,CODECS="([^"]+)"\n(\S+)/g),
    ];
    // A free listener's master stops at high: no 320 kbps, no FLAC.
    expect(variants.map((v) => v[2])).toEqual(["opus", "opus", "opus"]);
    expect(variants.map((v) => Number(v[1]))).toEqual([26400, 105600, 176000]);
    expect(variants[0]?.[3]).toMatch(/^[0-9A-Za-z]{22}\/low\/index\.m3u8\?u=/);
  });

  it("serves a signed master (from the manifest) to players that cannot send headers", async () => {
    const track = await seedPlayableTrack();
    const premium = await newUser({ product: "premium" });
    const body = (await (await manifest(premium.access_token, track.trackId)).json()) as Manifest;
    const res = await call(path(body.hls_url));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('CODECS="fLaC"');
  });

  it("builds a media playlist with EXT-X-MAP, TARGETDURATION, EXTINF per segment and ENDLIST", async () => {
    const track = await seedPlayableTrack();
    const listener = await newUser();
    const master = await (
      await call(`/stream/${track.trackId}/master.m3u8`, bearer(listener.access_token))
    ).text();
    const mediaUri = master.split("\n").find((line) => line.includes("/high/index.m3u8")) as string;
    const res = await call(`/stream/${track.trackId}/${mediaUri}`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n");
    expect(lines).toContain("#EXT-X-TARGETDURATION:10");
    expect(lines).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(lines.find((l) => l.startsWith("#EXT-X-MAP:"))).toMatch(
      /^#EXT-X-MAP:URI="init\.mp4\?u=.+&sig=.+"$/,
    );
    expect(lines.filter((l) => l.startsWith("#EXTINF:"))).toEqual([
      "#EXTINF:10.000,",
      "#EXTINF:10.000,",
      "#EXTINF:5.000,",
    ]);
    expect(lines.at(-1)).toBe("#EXT-X-ENDLIST");
    const segment = lines.find((l) => l.startsWith("2.m4s?")) as string;
    const seg = await call(`/stream/${track.trackId}/${track.encodeId}/high/${segment}`);
    expect(seg.status).toBe(200);
  });
});

describe("track start", () => {
  const start = (token: string, trackId: string, quality?: string) =>
    call(`/stream/${trackId}/start${quality ? `?quality=${quality}` : ""}`, bearer(token));

  it("sends the rendition's init segment and first media segment in one answer, for the token", async () => {
    const track = await seedPlayableTrack();
    const premium = await newUser({ product: "premium" });
    const res = await start(premium.access_token, track.trackId, "normal");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("audio/mp4");
    expect(res.headers.get("x-cadenza-encode")).toBe(track.encodeId);
    expect(res.headers.get("x-cadenza-quality")).toBe("normal");
    const init = track.objects.get("normal/init.mp4") as Uint8Array;
    const first = track.objects.get("normal/0.m4s") as Uint8Array;
    expect(res.headers.get("x-cadenza-init-length")).toBe(String(init.length));
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).toEqual(new Uint8Array([...init, ...first]));
  });

  it("caps a free listener at high, refuses where unlicensed, and needs a token", async () => {
    const track = await seedPlayableTrack({ markets: ",US,DE," });
    const free = await newUser({ country: "US" });
    const capped = await start(free.access_token, track.trackId, "lossless");
    expect(capped.status).toBe(200);
    expect(capped.headers.get("x-cadenza-quality")).toBe("high");
    const swede = await newUser({ country: "SE" });
    expect((await start(swede.access_token, track.trackId)).status).toBe(451);
    expect((await call(`/stream/${track.trackId}/start`)).status).toBe(401);
    expect((await start(free.access_token, track.trackId, "ultra")).status).toBe(400);
    expect((await start(free.access_token, "0000000000000000000000")).status).toBe(404);
  });
});

describe("segment delivery", () => {
  async function signedSegment(quality = "high", file = "0.m4s") {
    const track = await seedPlayableTrack();
    const listener = await newUser({ product: "premium" });
    const body = (await (await manifest(listener.access_token, track.trackId, quality)).json()) as Manifest;
    const url = new URL(body.chunks[0]?.url as string);
    url.pathname = url.pathname.replace(/0\.m4s$/, file);
    return { track, listener, url };
  }

  it("serves immutable, cacheable bytes with an ETag and Accept-Ranges", async () => {
    const { track, url } = await signedSegment();
    const res = await call(path(url.toString()));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("accept-ranges")).toBe("bytes");
    expect(res.headers.get("etag")).toMatch(/^".+"$/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(track.objects.get("high/0.m4s"));
  });

  it("answers a Range request with 206 and exactly those bytes, from cache and from R2 alike", async () => {
    const { track, url } = await signedSegment("high", "1.m4s");
    const whole = track.objects.get("high/1.m4s") as Uint8Array;
    for (let pass = 0; pass < 2; pass++) {
      const res = await call(path(url.toString()), { headers: { range: "bytes=100-1099" } });
      expect(res.status).toBe(206);
      expect(res.headers.get("content-range")).toBe(`bytes 100-1099/${whole.length}`);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(whole.slice(100, 1100));
    }
    const suffix = await call(path(url.toString()), { headers: { range: "bytes=-10" } });
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(whole.slice(-10));
    const beyond = await call(path(url.toString()), { headers: { range: `bytes=${whole.length + 5}-` } });
    expect(beyond.status).toBe(416);
  });

  it("serves the same bytes again and again from the memory tier", async () => {
    const { track, url } = await signedSegment("lossless", "2.m4s");
    for (let pass = 0; pass < 3; pass++) {
      const res = await call(path(url.toString()));
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(track.objects.get("lossless/2.m4s"));
    }
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const { url } = await signedSegment();
    const first = await call(path(url.toString()));
    const etag = first.headers.get("etag") as string;
    const again = await call(path(url.toString()), { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("rejects a forged signature with 403", async () => {
    const { url } = await signedSegment();
    const sig = url.searchParams.get("sig") as string;
    url.searchParams.set("sig", `${sig.slice(0, -2)}${sig.endsWith("AA") ? "BB" : "AA"}`);
    const res = await call(path(url.toString()));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("signature_invalid");
  });

  it("rejects an unsigned segment URL with 403", async () => {
    const { url } = await signedSegment();
    expect((await call(url.pathname)).status).toBe(403);
  });

  it("rejects an expired signature with 403", async () => {
    const { track, listener } = await signedSegment();
    const query = await signRendition(env.SIGNING_KEY, {
      trackId: track.trackId,
      encodeId: track.encodeId,
      quality: "high",
      userId: listener.id,
      exp: Math.floor(Date.now() / 1000) - 5,
    });
    const res = await call(`/stream/${track.trackId}/${track.encodeId}/high/0.m4s?${query}`);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("signature_expired");
  });

  it("rejects a signature moved to another user, quality or track", async () => {
    const { track, url } = await signedSegment();
    const other = await newUser();
    const otherUser = new URL(url);
    otherUser.searchParams.set("u", other.id);
    expect((await call(path(otherUser.toString()))).status).toBe(403);
    const otherQuality = new URL(url.toString().replace("/high/", "/lossless/"));
    expect((await call(path(otherQuality.toString()))).status).toBe(403);
    const second = await seedPlayableTrack();
    const otherTrack = new URL(
      url.toString().replaceAll(track.trackId, second.trackId).replace(track.encodeId, second.encodeId),
    );
    expect((await call(path(otherTrack.toString()))).status).toBe(403);
  });

  it("answers 404 for a segment past the end, with a valid signature", async () => {
    const { url } = await signedSegment("high", "99.m4s");
    expect((await call(path(url.toString()))).status).toBe(404);
  });
});
