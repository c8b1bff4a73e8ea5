import { Deck, type DeckEvent } from "./deck.ts";
import { resetListenClock } from "./listens.ts";
import { elementVolume } from "./loudness.ts";
import { qualityRank } from "./quality.ts";
import { settings } from "./settings.ts";
import {
  buffering,
  currentQuality,
  currentTrack,
  playbackError,
  positionMs,
  qualityCeiling,
} from "./state.ts";

/**
 * The engine's two decks: `current` (what plays) and `upcoming` (what plays next, prefetching),
 * and what is done to them. A swap makes the prefetched deck current in one step, which is how
 * skips are instant and track changes gapless.
 */
export class DeckPair {
  current: Deck;
  upcoming: Deck;

  constructor(onEvent: (deck: Deck, event: DeckEvent) => void) {
    this.current = new Deck("a", onEvent);
    this.upcoming = new Deck("b", onEvent);
  }

  get both(): [Deck, Deck] {
    return [this.current, this.upcoming];
  }

  /** Loads `trackId` on the current deck from `startMs` (the catalog's duration until the manifest's). */
  load(trackId: string, startMs: number): void {
    const known = currentTrack.value?.id === trackId ? currentTrack.value.duration_ms : undefined;
    this.current.load(trackId, {
      startMs,
      prefetch: false,
      quality: settings.value.quality,
      fallbackDurationMs: known,
    });
    // Whatever the spare deck was fetching, this start comes first (prefetch() resumes it).
    this.upcoming.suspend();
    this.applyVolume();
  }

  /** What plays next, waiting for the current track to be able to play before it loads. */
  private waitingNext: string | null = null;

  /**
   * Keeps `nextId` loading on the spare deck (nothing when null or already there) — once the
   * current track can play: until then the link is all the current track's, whose start the
   * listener is waiting to hear.
   */
  prefetch(nextId: string | null): void {
    this.waitingNext = null;
    if (!nextId) return;
    const current = this.current;
    if (current.trackId && !current.error && current.audio.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) {
      this.upcoming.suspend();
      this.waitingNext = nextId;
      return;
    }
    if (this.upcoming.trackId === nextId) {
      this.upcoming.resume();
      return;
    }
    this.upcoming.load(nextId, { startMs: 0, prefetch: true, quality: settings.value.quality });
    this.applyVolume();
  }

  /** The current track can play (or failed): a prefetch that waited for it starts now. */
  currentReady(): void {
    if (this.waitingNext) this.prefetch(this.waitingNext);
  }

  /** Whether the spare deck holds `trackId`, playable. */
  hasUpcoming(trackId: string): boolean {
    return this.upcoming.trackId === trackId && !this.upcoming.error;
  }

  swap(): void {
    const previous = this.current;
    this.current = this.upcoming;
    this.upcoming = previous;
    previous.audio.pause();
    this.current.promote();
    this.markActive(true);
  }

  /** Plays or pauses the current deck; the spare one never sounds. */
  setPlaying(playing: boolean): void {
    const audio = this.current.audio;
    if (playing && audio.paused && !this.current.error) {
      audio.play().catch(() => {
        // Autoplay refused (no gesture yet) or the source went away: the next push retries.
      });
    } else if (!playing && !audio.paused) {
      audio.pause();
    }
    if (!this.upcoming.audio.paused) this.upcoming.audio.pause();
  }

  /** Moves the current deck to `ms` (never past the true end). */
  seek(ms: number): void {
    resetListenClock();
    const end = this.current.endS ?? Number.POSITIVE_INFINITY;
    this.current.audio.currentTime = Math.max(0, Math.min(ms / 1000, end));
    positionMs.value = ms;
  }

  pauseAll(): void {
    for (const deck of this.both) if (!deck.audio.paused) deck.audio.pause();
  }

  /** Each deck's volume: the listener's, normalised by that deck's track loudness. */
  applyVolume(): void {
    const { volume, normalise } = settings.value;
    for (const deck of this.both) deck.audio.volume = elementVolume(volume, deck.loudness, normalise);
  }

  /** Marks the element that plays for tests and tools (`data-cadenza-player="active"`). */
  markActive(active: boolean): void {
    for (const deck of this.both) {
      if (active && deck === this.current) deck.audio.dataset.cadenzaPlayer = "active";
      else delete deck.audio.dataset.cadenzaPlayer;
    }
  }

  /** The current deck's quality, ceiling and error, for the player bar. */
  publish(): void {
    const current = this.current;
    currentQuality.value = current.quality;
    qualityCeiling.value = current.levels.reduce<string | null>(
      (best, quality) => (best === null || qualityRank(quality) > qualityRank(best) ? quality : best),
      null,
    );
    playbackError.value = current.error;
    if (current.error) buffering.value = false;
  }

  dispose(): void {
    for (const deck of this.both) {
      deck.unload();
      deck.audio.remove();
    }
  }
}
