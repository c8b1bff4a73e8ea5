import Hls, { type ErrorData, ErrorDetails, Events } from "hls.js";
import { accessToken, api } from "../api/client.ts";
import { hlsConfig, TARGET_BUFFER_S } from "./hls-config.ts";
import { type Loudness, NO_LOUDNESS } from "./loudness.ts";
import { levelIndexFor, qualityOfLevelUrl } from "./quality.ts";
import type { QualitySetting } from "./settings.ts";

/** What `/stream/{id}/manifest` tells a player beyond the HLS playlists. */
interface StreamManifest {
  /** The true duration, s (codec padding excluded). */
  duration: number;
  loudness: { integrated_lufs: number | null; true_peak_dbtp: number | null };
}

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
  /** The SourceBuffers hls.js created for this track (one: audio). */
  private buffers: SourceBuffer[] = [];

  private readonly onEvent: (deck: Deck, event: DeckEvent) => void;

  constructor(name: string, onEvent: (deck: Deck, event: DeckEvent) => void) {
    this.onEvent = onEvent;
    this.audio = document.createElement("audio");
    this.audio.preload = "auto";
    this.audio.dataset.cadenzaDeck = name;
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
    this.unload();
    this.trackId = trackId;
    this.quality_ = options.quality;
    this.endS = options.fallbackDurationMs ? options.fallbackDurationMs / 1000 : null;
    const hls = new Hls({
      ...hlsConfig({ prefetch: options.prefetch, defaults: benchmarksDefaults() }),
      startPosition: Math.max(0, options.startMs) / 1000,
      // The master playlist is per listener (licence, tier); everything below it is signed.
      xhrSetup: async (xhr, url) => {
        if (!/\/master\.m3u8(\?|$)/.test(url) || url.includes("sig=")) return;
        const token = await accessToken();
        xhr.open("GET", url, true);
        if (token) xhr.setRequestHeader("authorization", `Bearer ${token}`);
      },
    });
    this.hls = hls;
    void this.fetchManifest(trackId, hls);
    hls.on(Events.MANIFEST_PARSED, (_event, data) => {
      this.levels = data.levels.map((level) => qualityOfLevelUrl(level.uri) ?? "unknown");
      const index = levelIndexFor(this.levels, this.quality_);
      if (index >= 0) {
        hls.startLevel = index;
        hls.loadLevel = index;
      }
      this.onEvent(this, "levels");
    });
    hls.on(Events.LEVEL_SWITCHED, (_event, data) => {
      this.quality = this.levels[data.level] ?? null;
      this.onEvent(this, "level");
    });
    hls.on(Events.BUFFER_CREATED, (_event, data) => {
      this.buffers = Object.values(data.tracks).flatMap((track) => (track?.buffer ? [track.buffer] : []));
      this.trimPadding();
    });
    hls.on(Events.ERROR, (_event, data) => this.handleError(hls, data));
    hls.loadSource(`/stream/${encodeURIComponent(trackId)}/master.m3u8`);
    hls.attachMedia(this.audio);
  }

  /** The deck becomes the one that plays: it may buffer as far as a playing track does. */
  promote(): void {
    if (this.hls) this.hls.config.maxBufferLength = TARGET_BUFFER_S;
  }

  /** Follows the quality setting: automatic (ABR), or a fixed tier (the best allowed at or under it). */
  setQuality(setting: QualitySetting): void {
    this.quality_ = setting;
    if (!this.hls || this.levels.length === 0) return;
    this.hls.nextLevel = levelIndexFor(this.levels, setting);
  }

  /** Stops loading and frees the element's media. */
  unload(): void {
    this.hls?.destroy();
    this.hls = null;
    this.trackId = null;
    this.endS = null;
    this.loudness = NO_LOUDNESS;
    this.levels = [];
    this.quality = null;
    this.error = null;
    this.recoveries = 0;
    this.buffers = [];
    this.audio.removeAttribute("src");
    this.audio.load();
  }

  /** Loudness and the true duration; a 451 here names the problem more clearly than hls.js can. */
  private async fetchManifest(trackId: string, hls: Hls): Promise<void> {
    try {
      const manifest = await api<StreamManifest>(
        `/stream/${encodeURIComponent(trackId)}/manifest?quality=low`,
      );
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
      hls.loadSource(`/stream/${encodeURIComponent(this.trackId ?? "")}/master.m3u8`);
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
    this.error = message;
    this.onEvent(this, "error");
  }
}

const OFFLINE_MESSAGE = {
  offline: "You're offline. Playback resumes when you're back online.",
  unreachable: "Cadenza can't be reached. Check your connection.",
};

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

/** The listener-readable reason a stream answer stops playback. */
export function messageForStatus(status: number): string {
  switch (status) {
    case 451:
      return "This song isn't available in your country.";
    case 401:
      return "Your session has expired. Log in again to keep listening.";
    case 429:
      return "You've reached today's play limit. Try again later.";
    case 404:
      return "This track isn't available to play right now.";
    default:
      return "This track can't be played right now.";
  }
}
