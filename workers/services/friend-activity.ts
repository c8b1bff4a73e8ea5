import type { ListeningActivity } from "../../durable-objects/user-session/protocol.ts";

/** What a follower sees of one friend: a music track playing now or heard last, or nothing. */
export interface FriendActivity<Track> {
  track: Track | null;
  contextUri: string | null;
  isPlaying: boolean;
  /** When the track started (playing now) or the last listen started, epoch ms; null with no track. */
  timestamp: number | null;
}

/**
 * Picks what to show of a friend's listening: the music playing now, else their latest counted
 * listen, each only while its track is still a playable music track (`trackOf` gives it, or null).
 */
export function pickActivity<Track>(
  activity: ListeningActivity | null,
  trackOf: (id: string) => Track | null,
): FriendActivity<Track> {
  const playing = activity?.now_playing;
  const nowTrack = playing ? trackOf(playing.track_id) : null;
  if (playing && nowTrack) {
    return {
      track: nowTrack,
      contextUri: playing.context_uri,
      isPlaying: true,
      timestamp: playing.started_at,
    };
  }
  const last = activity?.last_play;
  const lastTrack = last ? trackOf(last.track_id) : null;
  if (last && lastTrack) {
    return { track: lastTrack, contextUri: last.context_uri, isPlaying: false, timestamp: last.played_at };
  }
  return { track: null, contextUri: null, isPlaying: false, timestamp: null };
}

/** Most recent first: who plays now, then by timestamp; friends with nothing to show last. */
export function byRecency(a: FriendActivity<unknown>, b: FriendActivity<unknown>): number {
  return Number(b.isPlaying) - Number(a.isPlaying) || (b.timestamp ?? -1) - (a.timestamp ?? -1);
}
