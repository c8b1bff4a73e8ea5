import { useEffect } from "preact/hooks";
import { Cover } from "../components/cover.tsx";
import { PlaybackControls } from "./playback-controls.tsx";
import { PlayerExtras } from "./player-extras.tsx";
import { PlayerStatus } from "./player-status.tsx";
import { QualityBadge } from "./quality-badge.tsx";
import { SeekBar } from "./seek-bar.tsx";
import { startPlayer } from "./start-player.ts";
import { currentTrack, playerView } from "./state.ts";
import { VolumeControl } from "./volume-control.tsx";
import "./player.css";

/**
 * The player bar along the bottom of every signed-in page: what plays (artwork, title, artist
 * links), the transport, the seek bar, status (buffering, errors, "Playing on …"), quality,
 * volume and the extras (lyrics, queue, devices). Mounting it starts the player (this tab as a
 * device, the engine); unmounting (sign-out) stops it.
 */
export function PlayerBar() {
  useEffect(() => startPlayer(), []);
  const view = playerView.value;
  const track = currentTrack.value;
  const isAd = view?.currently_playing_type === "ad";
  const loaded = Boolean(view?.track_id);
  return (
    <footer class="player-bar">
      <h2 class="visually-hidden">Player</h2>
      <NowPlaying isAd={isAd} />
      <div class="player-center">
        <PlaybackControls />
        <SeekBar durationMs={isAd || !track ? 0 : track.duration_ms} disabled={!loaded || isAd} />
      </div>
      <div class="player-right">
        <QualityBadge />
        <PlayerExtras />
        <VolumeControl />
      </div>
      <PlayerStatus />
    </footer>
  );
}

function NowPlaying({ isAd }: { isAd: boolean }) {
  const track = currentTrack.value;
  if (isAd) {
    return (
      <div class="now-playing">
        <span class="cover ad-cover" aria-hidden="true">
          AD
        </span>
        <div class="now-playing-text">
          <span class="now-title">Advertisement</span>
          <span class="now-artists">Your music continues after this break</span>
        </div>
      </div>
    );
  }
  if (!track) {
    return (
      <div class="now-playing now-playing-empty">
        <span class="now-artists">{playerView.value?.track_id ? "Loading…" : "Nothing playing"}</span>
      </div>
    );
  }
  return (
    <div class="now-playing">
      <Cover images={track.album.images} size={56} />
      <div class="now-playing-text">
        <a class="now-title" href={hrefOf(track.album.uri, track.album.id)} title={track.name}>
          {track.name}
        </a>
        <span class="now-artists">
          {track.artists.map((artist, index) => (
            <span key={artist.id}>
              {index > 0 && ", "}
              <a href={hrefOf(artist.uri, artist.id)}>{artist.name}</a>
            </span>
          ))}
        </span>
      </div>
    </div>
  );
}

/** The app's page for a `cadenza:{type}:{id}` URI (`/album/…`, `/artist/…`, `/show/…`). */
function hrefOf(uri: string, id: string): string {
  const type = uri.split(":")[1] ?? "album";
  return `/${type}/${encodeURIComponent(id)}`;
}
