import { signal } from "@preact/signals";

/**
 * The listener's playback settings, kept in this browser: the streaming quality (automatic,
 * or a fixed tier; the server caps free listeners whatever is asked) and loudness
 * normalisation (on by default, from the manifest's measured loudness).
 */
export type QualitySetting = "auto" | "low" | "normal" | "high" | "very_high" | "lossless";

export interface PlaybackSettings {
  quality: QualitySetting;
  normalise: boolean;
  /** 0..1 */
  volume: number;
}

const STORAGE_KEY = "cadenza.settings";
const DEFAULTS: PlaybackSettings = { quality: "auto", normalise: true, volume: 0.8 };

function load(): PlaybackSettings {
  try {
    return {
      ...DEFAULTS,
      ...(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}") as Partial<PlaybackSettings>),
    };
  } catch {
    return DEFAULTS;
  }
}

export const settings = signal<PlaybackSettings>(load());

/** Changes some settings and remembers them. */
export function updateSettings(change: Partial<PlaybackSettings>): void {
  settings.value = { ...settings.value, ...change };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(settings.value));
}
