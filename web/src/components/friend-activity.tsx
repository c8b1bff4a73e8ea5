import { useEffect, useState } from "preact/hooks";
import { ApiRequestError, api } from "../api/client.ts";
import type { Track } from "../api/types.ts";
import { contextHref, fetchContextName } from "../player/queue-api.ts";
import { Cover } from "./cover.tsx";
import { formatRelative } from "./format.ts";
import "./friend-activity.css";

/** One followed user as `GET /api/social/friend-activity` lists them. */
interface FriendEntry {
  user: { id: string; display_name: string; uri: string };
  /** Playing now (`is_playing`) or heard last; null when there is nothing to show. */
  track: Track | null;
  context_uri: string | null;
  is_playing: boolean;
  /** When that listen started, epoch ms. */
  timestamp: number | null;
}

/** How often the sidebar reads again while the tab is visible, ms. */
const REFRESH_MS = 30_000;
/** The narrowest window that shows the sidebar, CSS px (friend-activity.css hides it below). */
const SHOWN_FROM_PX = 1101;

/**
 * The friend-activity sidebar: what the people the listener follows play now or played last,
 * most recent first, with links to the track, artist, context and friend. Reads every 30 s
 * while the tab is visible and whenever the window regains focus; hidden at narrow widths.
 */
export function FriendActivity() {
  const [friends, setFriends] = useState<FriendEntry[] | null>(null);
  const [error, setError] = useState<ApiRequestError | null>(null);

  useEffect(() => {
    let alive = true;
    const wide = window.matchMedia(`(min-width: ${SHOWN_FROM_PX}px)`);
    const load = () => {
      // Hidden (a background tab, or a window too narrow for the sidebar): nothing to refresh.
      if (document.visibilityState === "hidden" || !wide.matches) return;
      api<{ friends: FriendEntry[] }>("/api/social/friend-activity").then(
        (body) => {
          if (!alive) return;
          setFriends(body.friends);
          setError(null);
        },
        (failure: unknown) => {
          if (alive) setError(failure instanceof ApiRequestError ? failure : null);
        },
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    wide.addEventListener("change", load);
    addEventListener("focus", load);
    document.addEventListener("visibilitychange", load);
    return () => {
      alive = false;
      clearInterval(timer);
      removeEventListener("focus", load);
      document.removeEventListener("visibilitychange", load);
      wide.removeEventListener("change", load);
    };
  }, []);

  const shown = (friends ?? []).filter((friend) => friend.track);
  return (
    <aside class="friend-activity" aria-labelledby="friend-activity-title">
      <h2 id="friend-activity-title">Friend activity</h2>
      {friends === null && !error && <p class="hint">Loading…</p>}
      {error && friends === null && (
        <p class="hint">{error.offline ? "You're offline." : "Friend activity isn't available right now."}</p>
      )}
      {friends !== null && shown.length === 0 && (
        <div class="friend-empty">
          <p>Follow friends to see what they play.</p>
          <p class="hint">
            Find people on their profile pages, or <a href="/search">search</a> for artists and listeners.
          </p>
        </div>
      )}
      {shown.length > 0 && (
        <ul class="friend-list">
          {shown.map((friend) => (
            <FriendRow key={friend.user.id} friend={friend} />
          ))}
        </ul>
      )}
    </aside>
  );
}

function FriendRow({ friend }: { friend: FriendEntry }) {
  const track = friend.track as Track;
  return (
    <li class="friend">
      <span class="friend-avatar" aria-hidden="true">
        {initialOf(friend.user.display_name)}
      </span>
      <div class="friend-text">
        <div class="friend-head">
          <a class="friend-name" href={`/user/${friend.user.id}`}>
            {friend.user.display_name}
          </a>
          {friend.is_playing ? (
            <span class="friend-now" title="Listening now">
              <span aria-hidden="true">♫</span>
              <span class="visually-hidden">listening now</span>
            </span>
          ) : (
            friend.timestamp !== null && <span class="friend-when">{formatRelative(friend.timestamp)}</span>
          )}
        </div>
        <p class="friend-track">
          <a href={`/track/${track.id}`}>{track.name}</a>
          <span aria-hidden="true"> • </span>
          {track.artists.map((artist, n) => (
            <span key={artist.id}>
              {n > 0 && ", "}
              <a href={`/artist/${artist.id}`}>{artist.name}</a>
            </span>
          ))}
        </p>
        <FriendContext uri={friend.context_uri} track={track} />
      </div>
      <Cover images={track.album?.images} size={40} class="friend-cover" />
    </li>
  );
}

/** Where the friend plays it from: the album or playlist, linked. */
function FriendContext({ uri, track }: { uri: string | null; track: Track }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    if (uri && uri.split(":")[1] !== "album") void fetchContextName(uri).then((n) => alive && setName(n));
    return () => {
      alive = false;
    };
  }, [uri]);
  const href = uri ? contextHref(uri) : null;
  if (!uri || uri.split(":")[1] === "album" || !href) {
    return track.album ? (
      <p class="friend-context">
        <a href={`/album/${track.album.id}`}>{track.album.name}</a>
      </p>
    ) : null;
  }
  return (
    <p class="friend-context">
      <span aria-hidden="true">{uri.split(":")[1] === "playlist" ? "♪ " : "• "}</span>
      <a href={href}>{name ?? "Playlist"}</a>
    </p>
  );
}

function initialOf(name: string): string {
  return (name.trim()[0] ?? "?").toUpperCase();
}
