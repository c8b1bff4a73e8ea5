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

/**
 * A listen usually ends because another track starts, whose first requests should have the
 * link and the server to themselves: its report goes this long after that track plays, ms…
 */
const REPORT_AFTER_START_MS = 1000;
/** …or after this long anyway, ms. */
const REPORT_LATEST_MS = 5000;

interface Report {
  track_id: string;
  ms_played: number;
  context: string | null;
  device_id: string;
  played_at: number;
}

const unsent: Report[] = [];
let sendTimer: ReturnType<typeof setTimeout> | undefined;

/** Ends the current listen and reports it soon (nothing when nothing was heard). */
export function endListen(): void {
  const listen = current;
  current = null;
  const device = deviceId.value;
  if (!listen || !device || listen.msPlayed < 1000) return;
  unsent.push({
    track_id: listen.trackId,
    ms_played: Math.round(listen.msPlayed),
    context: listen.contextUri,
    device_id: device,
    played_at: listen.startedAt,
  });
  sendTimer ??= setTimeout(sendReports, REPORT_LATEST_MS);
}

/** The next track plays: the reports waiting for that go shortly. */
export function playbackStarted(): void {
  if (unsent.length === 0) return;
  clearTimeout(sendTimer);
  sendTimer = setTimeout(sendReports, REPORT_AFTER_START_MS);
}

function sendReports(): void {
  clearTimeout(sendTimer);
  sendTimer = undefined;
  for (const body of unsent.splice(0)) {
    // keepalive: a report sent as the tab closes still arrives.
    void api("/api/playback/report", { method: "POST", keepalive: true, body }).catch(() => undefined);
  }
}

// The tab is going: the listen playing now ends here, and every report goes at once.
addEventListener("pagehide", () => {
  endListen();
  sendReports();
});
