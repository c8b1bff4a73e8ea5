import { api } from "../api/client.ts";
import { deviceId } from "./state.ts";

/**
 * What was actually heard of each track on this device, reported to `/api/playback/report` when
 * the listen ends (the track changes, another device takes over, the tab closes). The server
 * counts a play from 30 s and keeps the history; a report is idempotent per listen.
 */

interface Listen {
  trackId: string;
  contextUri: string | null;
  /** When the listen started, epoch ms (part of the listen's identity on the server). */
  startedAt: number;
  /** Audio actually played, ms (seeks and stalls excluded). */
  msPlayed: number;
  /** The media time last seen, s, to add up what played between two looks. */
  lastMediaS: number | null;
}

let current: Listen | null = null;

/** A media time jump larger than this between two looks is a seek, not listening, s. */
const MAX_STEP_S = 1.5;

/** Starts counting a listen of `trackId` (ending the one before). */
export function beginListen(trackId: string, contextUri: string | null): void {
  if (current?.trackId === trackId) return;
  endListen();
  current = { trackId, contextUri, startedAt: Date.now(), msPlayed: 0, lastMediaS: null };
}

/** Adds what played up to `mediaS` (the element's currentTime) while it was playing. */
export function notePlayed(trackId: string, mediaS: number, playing: boolean): void {
  if (current?.trackId !== trackId) return;
  const step = current.lastMediaS === null ? 0 : mediaS - current.lastMediaS;
  if (playing && step > 0 && step < MAX_STEP_S) current.msPlayed += step * 1000;
  current.lastMediaS = mediaS;
}

/** Forgets where the media time was (after a seek or a pause), so the jump is not counted. */
export function resetListenClock(): void {
  if (current) current.lastMediaS = null;
}

/** Ends the current listen and reports it (nothing when nothing was heard). */
export function endListen(): void {
  const listen = current;
  current = null;
  const device = deviceId.value;
  if (!listen || !device || listen.msPlayed < 1000) return;
  void api("/api/playback/report", {
    method: "POST",
    keepalive: true,
    body: {
      track_id: listen.trackId,
      ms_played: Math.round(listen.msPlayed),
      context: listen.contextUri,
      device_id: device,
      played_at: listen.startedAt,
    },
  }).catch(() => undefined);
}
