import { FetchLoader, type LoaderCallbacks, type LoaderConfiguration, type LoaderContext } from "hls.js";
import { fetchWithToken } from "../api/client.ts";

/**
 * Bytes a streamed segment is handed on in (a 2 s fragment at 96–160 kbps is 24–40 KB): small,
 * so a fragment is appended within a few ms of its last byte arriving.
 */
const SEGMENT_CHUNK_BYTES = 4 * 1024;

/** Whether a loader is asked to hand a segment on in pieces (hls.js `progressive`), not whole. */
const streamsPieces = (config: LoaderConfiguration) => Number.isFinite(config.highWaterMark ?? Number.NaN);

/**
 * hls.js's fetch loader, handing a media segment on every {@link SEGMENT_CHUNK_BYTES} instead
 * of every 128 KB: with `progressive` on, each complete fragment (`moof` + `mdat`, ~2 s) is
 * appended as soon as it is in, so a track starts after its first fragment, not its first
 * 10 s segment. Init segments still arrive whole.
 */
export class StreamingFragmentLoader extends FetchLoader {
  override load(
    context: LoaderContext,
    config: LoaderConfiguration,
    callbacks: LoaderCallbacks<LoaderContext>,
  ): void {
    super.load(
      context,
      streamsPieces(config)
        ? { ...config, highWaterMark: Math.min(config.highWaterMark as number, SEGMENT_CHUNK_BYTES) }
        : config,
      callbacks,
    );
  }
}

/**
 * The start of a track as `/stream/{id}/start` sends it — one rendition's init segment, then its
 * first media segment — asked for together with the manifest, so the first audio does not wait
 * for the manifest's round trip. It is read as it arrives; hls.js gets each part once through
 * {@link startAwareLoader}, and anything else (or a second request) from the signed URLs.
 */
export class TrackStart {
  readonly encodeId: string;
  readonly quality: string;
  /** When the request went out and when its answer began, `performance.now()` ms (for ABR). */
  readonly requestedAt: number;
  readonly answeredAt: number;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly initLength: number;
  /** First-segment bytes read along with the end of the init segment. */
  private leftover: Uint8Array | null = null;
  private readonly init: Promise<Uint8Array>;
  private initClaimed = false;
  private segmentClaimed = false;

  private constructor(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    head: { encodeId: string; quality: string; initLength: number; requestedAt: number },
  ) {
    this.reader = reader;
    this.encodeId = head.encodeId;
    this.quality = head.quality;
    this.initLength = head.initLength;
    this.requestedAt = head.requestedAt;
    this.answeredAt = performance.now();
    this.init = this.readInit();
    this.init.catch(() => undefined);
  }

  /** Asks for `trackId`'s start at `quality`; null when it cannot be had (the signed URLs serve then). */
  static async request(trackId: string, quality: string): Promise<TrackStart | null> {
    const requestedAt = performance.now();
    try {
      const response = await fetchWithToken(
        `/stream/${encodeURIComponent(trackId)}/start?quality=${encodeURIComponent(quality)}`,
      );
      const encodeId = response.headers.get("x-cadenza-encode");
      const rendition = response.headers.get("x-cadenza-quality");
      const initLength = Number(response.headers.get("x-cadenza-init-length"));
      if (!response.ok || !response.body || !encodeId || !rendition || !(initLength > 0)) {
        await response.body?.cancel();
        return null;
      }
      return new TrackStart(response.body.getReader(), {
        encodeId,
        quality: rendition,
        initLength,
        requestedAt,
      });
    } catch {
      return null;
    }
  }

  /**
   * Which part of this start `url` (a signed `…/{encodeId}/{quality}/init.mp4|0.m4s` URL) asks
   * for, claiming it: each part is handed out once. Null when this start does not have it.
   */
  claim(url: string): "init" | "segment" | null {
    const match = /\/([^/?]+)\/([^/?]+)\/(init\.mp4|0\.m4s)(\?|$)/.exec(url);
    if (!match || match[1] !== this.encodeId || match[2] !== this.quality) return null;
    if (match[3] === "init.mp4") {
      if (this.initClaimed) return null;
      this.initClaimed = true;
      return "init";
    }
    if (this.segmentClaimed) return null;
    this.segmentClaimed = true;
    return "segment";
  }

  initSegment(): Promise<Uint8Array> {
    return this.init;
  }

  /** The first media segment's bytes as they arrive. */
  async *segmentChunks(): AsyncGenerator<Uint8Array> {
    await this.init;
    if (this.leftover) {
      const first = this.leftover;
      this.leftover = null;
      yield first;
    }
    for (;;) {
      const { done, value } = await this.reader.read();
      if (done) return;
      yield value;
    }
  }

  /** Stops reading (the deck moved on). */
  cancel(): void {
    this.reader.cancel().catch(() => undefined);
  }

  private async readInit(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let length = 0;
    while (length < this.initLength) {
      const { done, value } = await this.reader.read();
      if (done) throw new Error("The track start ended inside its init segment.");
      parts.push(value);
      length += value.length;
    }
    const all = concat(parts, length);
    if (length > this.initLength) this.leftover = all.slice(this.initLength);
    return all.slice(0, this.initLength);
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const all = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

/**
 * A fragment loader that serves the init segment and first media segment from `start` when it
 * has them (streamed, in {@link SEGMENT_CHUNK_BYTES} pieces, as the fetch loader would) and
 * loads everything else from the network.
 */
export function startAwareLoader(start: Promise<TrackStart | null>): typeof StreamingFragmentLoader {
  return class StartAwareLoader extends StreamingFragmentLoader {
    private gone = false;

    override load(
      context: LoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<LoaderContext>,
    ): void {
      void start.then((from) => {
        if (this.gone) return;
        const part = from?.claim(context.url) ?? null;
        if (!from || !part) {
          super.load(context, config, callbacks);
          return;
        }
        const served =
          part === "init"
            ? this.serveInit(from, context, config, callbacks)
            : this.serveSegment(from, context, config, callbacks);
        served.catch((err: Error) => {
          if (this.gone) return;
          this.stats.loading.end = performance.now();
          callbacks.onError({ code: 0, text: err.message }, context, null, this.stats);
        });
      });
    }

    override abort(): void {
      this.gone = true;
      super.abort();
    }

    override destroy(): void {
      this.gone = true;
      super.destroy();
    }

    private async serveInit(
      from: TrackStart,
      context: LoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<LoaderContext>,
    ): Promise<void> {
      const stats = this.stats;
      stats.loading.start = from.requestedAt;
      const bytes = await from.initSegment();
      if (this.gone) return;
      stats.loading.first = from.answeredAt;
      stats.loading.end = performance.now();
      stats.loaded = stats.total = bytes.length;
      const data = bytes.buffer as ArrayBuffer;
      if (callbacks.onProgress && !streamsPieces(config)) callbacks.onProgress(stats, context, data, null);
      callbacks.onSuccess({ url: context.url, data, code: 200 }, stats, context, null);
    }

    private async serveSegment(
      from: TrackStart,
      context: LoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<LoaderContext>,
    ): Promise<void> {
      const stats = this.stats;
      // The request went out with the manifest: ABR measures from then, not from now.
      stats.loading.start = from.requestedAt;
      stats.loading.first = from.answeredAt;
      const progressive = !!callbacks.onProgress && streamsPieces(config);
      const pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const all: Uint8Array[] = [];
      const flush = () => {
        if (pendingBytes === 0) return;
        callbacks.onProgress?.(stats, context, concat(pending, pendingBytes).buffer, null);
        pending.length = 0;
        pendingBytes = 0;
      };
      for await (const chunk of from.segmentChunks()) {
        if (this.gone) return;
        stats.loaded += chunk.length;
        if (!progressive) {
          all.push(chunk);
          continue;
        }
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= SEGMENT_CHUNK_BYTES) flush();
      }
      if (this.gone) return;
      flush();
      stats.loading.end = performance.now();
      stats.total = stats.loaded;
      const data = progressive ? new ArrayBuffer(0) : concat(all, stats.loaded).buffer;
      callbacks.onSuccess({ url: context.url, data, code: 200 }, stats, context, null);
    }
  };
}
