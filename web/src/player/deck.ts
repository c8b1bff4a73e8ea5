import Hls, { type ErrorData, ErrorDetails, Events, type HlsConfig } from "hls.js";
import { hlsConfig, noteBandwidth, startEstimateBps, TARGET_BUFFER_S } from "./hls-config.ts";
import { inlinePlaylistLoader, type PlaylistSource } from "./inline-playlists.ts";
import { type Loudness, NO_LOUDNESS } from "./loudness.ts";
import { autoStartQuality, levelIndexFor, qualityOfLevelUrl } from "./quality.ts";
import type { QualitySetting } from "./settings.ts";
import {
  masterPath,
  messageForStatus,
  OFFLINE_MESSAGE,
  requestManifest,
  type StreamManifest,
} from "./stream-api.ts";
import { startAwareLoader, TrackStart } from "./track-start.ts";

/** A load from before this point in the track asks for its start alongside the manifest, ms. */
const START_WITHIN_MS = 8000;

/** What a deck reports to the engine: levels known, level switched, the track's loudness, a failure. */
export type DeckEvent = "levels" | "level" | "info" | "error";

/**
 * One `<audio>` element with its own hls.js instance, loading one track. The engine keeps two:
 * the one that plays and the one that prefetches what plays next, and swaps them on a skip.
 */
export class Deck {
  readonly audio: HTMLAudioElement;
  trackId: string | null = null;
  /** The track's true end, s, from the manifest (or the catalog); null until known. */
  endS: number | null = null;
  loudness: Loudness = NO_LOUDNESS;
  /** The rendition names of hls.js's levels, by level index. */
  levels: string[] = [];
  /** The rendition playing now, or null. */
  quality: string | null = null;
  /** Why this track cannot play (listener-readable), or null. */
  error: string | null = null;
  private hls: Hls | null = null;
  private quality_: QualitySetting = "auto";
  private recoveries = 0;
  private suspended = false;
  /** The track's start, asked for with the manifest (see track-start.ts). */
  private start: Promise<TrackStart | null> | null = null;
  /** Resolves {@link canPlay}. */
  private ready: () => void = () => undefined;
  /**
   * Resolves when this load can play (the element has data ahead of its position) — or it
   * failed, or another load replaced it. Already resolved when nothing is loading.
   */
  canPlay: Promise<void> = Promise.resolve();
  /** The SourceBuffers hls.js created for this track (one: audio). */
  private buffers: SourceBuffer[] = [];

  private readonly onEvent: (deck: Deck, event: DeckEvent) => void;

  constructor(name: string, onEvent: (deck: Deck, event: DeckEvent) => void) {
    this.onEvent = onEvent;
    this.audio = document.createElement("audio");
    this.audio.preload = "auto";
    this.audio.dataset.cadenzaDeck = name;
    this.audio.addEventListener("canplay", () => this.ready());
    document.body.append(this.audio);
  }

  /**
   * Starts loading `trackId` from `startMs`. `prefetch` buffers only its start (see
   * {@link promote}); `fallbackDurationMs` is the catalog's duration, used until the manifest says.
   */
  load(
    trackId: string,
    options: { startMs: number; prefetch: boolean; quality: QualitySetting; fallbackDurationMs?: number },
  ): void {
    const defaults = benchmarksDefaults();
    const startQuality = options.quality === "auto" ? autoStartQuality(startEstimateBps()) : options.quality;
    // The manifest request goes out first; freeing the previous track below happens while it travels.
    const manifest = requestManifest(trackId, startQuality);
    // The start of the track comes alongside (not for a prefetch, which has time, nor a resume
    // past the first segment, which would not use it).
    const start =
      options.prefetch || defaults || options.startMs >= START_WITHIN_MS
        ? null
        : TrackStart.request(trackId, startQuality);
    let first: Promise<StreamManifest> | null = manifest;
    this.unload();
    this.start = start;
    this.canPlay = new Promise((resolve) => {
      this.ready = resolve;
    });
    this.trackId = trackId;
    this.quality_ = options.quality;
    this.endS = options.fallbackDurationMs ? options.fallbackDurationMs / 1000 : null;
    let inlineQuality: string | null = null;
    const source: PlaylistSource = async () => {
      // The first master comes with this load's manifest; a later one (signatures expired) is asked anew.
      const pending = first ?? requestManifest(trackId, startQuality);
      first = null;
      const answer = await pending;
      if (!answer.hls) throw new Error("The stream manifest carried no playlists.");
      inlineQuality = answer.quality;
      return {
        masterUrl: answer.hls_url,
        master: answer.hls.master_playlist,
        mediaUrl: answer.hls.media_playlist_url,
        media: answer.hls.media_playlist,
      };
    };
    const hls = new Hls({
      ...hlsConfig({ prefetch: options.prefetch, defaults }),
      startPosition: Math.max(0, options.startMs) / 1000,
      pLoader: inlinePlaylistLoader(source),
      ...(start && { fLoader: startAwareLoader(start) as unknown as HlsConfig["fLoader"] }),
    });
    this.hls = hls;
    void this.applyManifest(manifest, hls);
    hls.on(Events.MANIFEST_PARSED, (_event, data) => {
      this.levels = data.levels.map((level) => qualityOfLevelUrl(level.uri) ?? "unknown");
      const fixed = levelIndexFor(this.levels, this.quality_);
      if (fixed >= 0) {
        hls.startLevel = fixed;
        hls.loadLevel = fixed;
      } else if (!defaults && inlineQuality && this.levels.includes(inlineQuality)) {
        // Start on the rendition whose media playlist came with the manifest; ABR takes over after.
        hls.startLevel = this.levels.indexOf(inlineQuality);
      }
      this.onEvent(this, "levels");
    });
    hls.on(Events.FRAG_LOADED, () => noteBandwidth(hls.bandwidthEstimate));
    hls.on(Events.LEVEL_SWITCHED, (_event, data) => {
      this.quality = this.levels[data.level] ?? null;
      this.onEvent(this, "level");
    });
    hls.on(Events.BUFFER_CREATED, (_event, data) => {
      this.buffers = Object.values(data.tracks).flatMap((track) => (track?.buffer ? [track.buffer] : []));
      this.trimPadding();
    });
    hls.on(Events.ERROR, (_event, data) => this.handleError(hls, data));
    hls.loadSource(masterPath(trackId));
    hls.attachMedia(this.audio);
  }

  /** The deck becomes the one that plays: it may buffer as far as a playing track does. */
  promote(): void {
    if (this.hls) this.hls.config.maxBufferLength = TARGET_BUFFER_S;
    this.resume();
  }

  /** Stops downloading (another track is starting and needs the link); {@link resume} goes on. */
  suspend(): void {
    if (!this.hls || this.suspended) return;
    this.hls.stopLoad();
    this.suspended = true;
  }

  resume(): void {
    if (!this.hls || !this.suspended) return;
    this.suspended = false;
    this.hls.startLoad(this.audio.currentTime);
  }

  /** Follows the quality setting: automatic (ABR), or a fixed tier (the best allowed at or under it). */
  setQuality(setting: QualitySetting): void {
    this.quality_ = setting;
    if (!this.hls || this.levels.length === 0) return;
    this.hls.nextLevel = levelIndexFor(this.levels, setting);
  }

  /** Stops loading and frees the element's media. */
  unload(): void {
    this.ready();
    void this.start?.then((start) => start?.cancel());
    this.start = null;
    this.hls?.destroy();
    this.hls = null;
    this.trackId = null;
    this.endS = null;
    this.loudness = NO_LOUDNESS;
    this.levels = [];
    this.quality = null;
    this.error = null;
    this.recoveries = 0;
    this.suspended = false;
    this.buffers = [];
    // hls.js's destroy already reset the element when it had attached it.
    if (this.audio.hasAttribute("src")) {
      this.audio.removeAttribute("src");
      this.audio.load();
    }
  }

  /** Loudness and the true duration; a 451 here names the problem more clearly than hls.js can. */
  private async applyManifest(pending: Promise<StreamManifest>, hls: Hls): Promise<void> {
    try {
      const manifest = await pending;
      if (this.hls !== hls) return;
      this.endS = manifest.duration;
      this.loudness = {
        integratedLufs: manifest.loudness.integrated_lufs,
        truePeakDbtp: manifest.loudness.true_peak_dbtp,
      };
      this.trimPadding();
      this.onEvent(this, "info");
    } catch (err) {
      if (this.hls !== hls) return;
      const status = (err as { status?: number }).status ?? 0;
      // Only answers that stop playback anyway are shown from here; hls.js reports the rest.
      if (status === 451 || status === 429 || status === 401) this.fail(messageForStatus(status));
    }
  }

  /**
   * The packager leaves codec padding after the true end; appending only up to it makes the
   * media end where the music does, so the next track joins without a gap of silence.
   */
  private trimPadding(): void {
    if (this.endS === null) return;
    for (const buffer of this.buffers) {
      try {
        if (!buffer.updating) buffer.appendWindowEnd = this.endS;
      } catch {
        // The MediaSource closed or the buffer is busy: the engine still stops at endS.
      }
    }
  }

  private handleError(hls: Hls, data: ErrorData): void {
    if (!data.fatal || this.hls !== hls) return;
    const status = data.response?.code ?? 0;
    if (status === 403 && this.recoveries++ < 2) {
      // Signed URLs expire (a long pause): a fresh master playlist signs new ones.
      const at = this.audio.currentTime;
      hls.stopLoad();
      hls.loadSource(masterPath(this.trackId ?? ""));
      hls.startLoad(at);
      return;
    }
    if (data.details === ErrorDetails.BUFFER_STALLED_ERROR || data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      if (this.recoveries++ < 3) {
        hls.recoverMediaError();
        return;
      }
    }
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && status === 0) {
      this.fail(navigator.onLine ? OFFLINE_MESSAGE.unreachable : OFFLINE_MESSAGE.offline);
      return;
    }
    this.fail(status ? messageForStatus(status) : "This track can't be played right now.");
  }

  private fail(message: string): void {
    this.ready();
    this.error = message;
    this.onEvent(this, "error");
  }
}

/**
 * The benchmark runs the real player with hls.js's own defaults to compare them with the tuned
 * config: it sets localStorage `cadenza.hls` to `defaults` before the page loads.
 */
function benchmarksDefaults(): boolean {
  try {
    return localStorage.getItem("cadenza.hls") === "defaults";
  } catch {
    return false;
  }
}
