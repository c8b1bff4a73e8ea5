import {
  type HlsConfig,
  type Loader,
  type LoaderCallbacks,
  type LoaderConfiguration,
  type LoaderContext,
  LoadStats,
  type PlaylistLoaderContext,
} from "hls.js";

/**
 * The playlists `/stream/{id}/manifest?include=hls` carries: the listener's master playlist
 * (its variants relative to `masterUrl`) and the media playlist of the rendition it starts on.
 */
export interface InlinePlaylists {
  masterUrl: string;
  master: string;
  mediaUrl: string;
  media: string;
}

/** Where a deck's hls.js gets its master playlist: the stream manifest, fetched with the listener's token. */
export type PlaylistSource = () => Promise<InlinePlaylists>;

/**
 * An hls.js playlist loader (`pLoader`) that answers the master playlist from the stream
 * manifest — one authenticated round trip instead of master, then media playlist — and the
 * start rendition's media playlist from the same answer. Any other playlist (another rendition
 * after an ABR switch) loads from the network as usual: its URL is signed.
 */
export function inlinePlaylistLoader(
  source: PlaylistSource,
): new (
  config: HlsConfig,
) => Loader<PlaylistLoaderContext> {
  /** The media playlist the last master came with, until hls.js asks for it. */
  let pendingMedia: { url: string; text: string } | null = null;

  return class InlinePlaylistLoader implements Loader<PlaylistLoaderContext> {
    context: PlaylistLoaderContext | null = null;
    stats = new LoadStats();
    private readonly config: HlsConfig;
    private network: Loader<LoaderContext> | null = null;
    private aborted = false;

    constructor(config: HlsConfig) {
      this.config = config;
    }

    load(
      context: PlaylistLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<PlaylistLoaderContext>,
    ): void {
      this.context = context;
      this.stats.loading.start = performance.now();
      if (context.type === "manifest") {
        source().then(
          (playlists) => {
            pendingMedia = { url: playlists.mediaUrl, text: playlists.media };
            this.answer(playlists.masterUrl, playlists.master, callbacks);
          },
          (err: { status?: number; message?: string }) => {
            if (this.aborted) return;
            this.stats.loading.end = performance.now();
            callbacks.onError({ code: err.status ?? 0, text: err.message ?? "" }, context, null, this.stats);
          },
        );
        return;
      }
      if (pendingMedia && new URL(context.url, location.href).href === pendingMedia.url) {
        const { url, text } = pendingMedia;
        pendingMedia = null;
        queueMicrotask(() => this.answer(url, text, callbacks));
        return;
      }
      const network = new this.config.loader(this.config);
      this.network = network;
      this.stats = network.stats;
      network.load(context, config, callbacks as unknown as LoaderCallbacks<LoaderContext>);
    }

    private answer(url: string, text: string, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      const context = this.context;
      if (this.aborted || !context) return;
      const now = performance.now();
      this.stats.loading.first = now;
      this.stats.loading.end = now;
      this.stats.loaded = text.length;
      this.stats.total = text.length;
      callbacks.onSuccess({ url, data: text }, this.stats, context, null);
    }

    abort(): void {
      this.aborted = true;
      this.stats.aborted = true;
      this.network?.abort();
    }

    destroy(): void {
      this.aborted = true;
      this.network?.destroy();
      this.network = null;
      this.context = null;
    }
  };
}
