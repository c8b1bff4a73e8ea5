import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { api } from "../api/client.ts";
import type { Track } from "../api/types.ts";
import { asApiError } from "../api/use-api.ts";
import { formatRelative } from "../components/format.ts";
import { type ActivityEntry, fetchPlaylistActivity } from "../components/playlist-api.ts";

const ACTIVITY_PAGE = 20;
/** `GET /v1/tracks` names at most this many ids. */
const TRACK_IDS_MAX = 50;

/** Song titles for the activity's track ids (episodes and unknown ids stay unnamed). */
async function titlesOf(entries: ActivityEntry[]): Promise<Map<string, string>> {
  const ids = [...new Set(entries.flatMap((entry) => entry.track_ids ?? []))].slice(0, TRACK_IDS_MAX);
  if (ids.length === 0) return new Map();
  const answer = await api<{ tracks: (Track | null)[] }>(`/v1/tracks?ids=${ids.join(",")}`).catch(() => null);
  return new Map((answer?.tracks ?? []).flatMap((track) => (track ? [[track.id, track.name] as const] : [])));
}

/** "“Song”", "“Song” and 2 more", or "3 songs" when the titles are unknown. */
function songs(ids: string[] | undefined, titles: Map<string, string>): string {
  const list = ids ?? [];
  const first = list[0] ? titles.get(list[0]) : undefined;
  if (!first) return list.length === 1 ? "a song" : `${list.length} songs`;
  return list.length === 1 ? `“${first}”` : `“${first}” and ${list.length - 1} more`;
}

/** What one entry says happened, after the user's name. */
export function describeActivity(entry: ActivityEntry, titles: Map<string, string>): string {
  switch (entry.action) {
    case "create":
      return "created the playlist";
    case "add":
      return `added ${songs(entry.track_ids, titles)}`;
    case "remove":
      return `removed ${songs(entry.track_ids, titles)}`;
    case "reorder": {
      const from = entry.range_start ?? 0;
      const length = entry.range_length ?? 1;
      const before = entry.insert_before ?? 0;
      const to = before > from ? before - length : before;
      return `moved song #${from + 1} to #${to + 1}`;
    }
    case "replace":
      return `replaced the songs (${entry.track_ids?.length ?? 0} now)`;
    case "details": {
      const changes: string[] = [];
      if (typeof entry.name === "string") changes.push(`renamed it “${entry.name}”`);
      if (typeof entry.description === "string") changes.push("changed the description");
      if (entry.collaborative === true) changes.push("made it collaborative");
      if (entry.collaborative === false) changes.push("ended collaboration");
      if (entry.public === true) changes.push("made it public");
      if (entry.public === false && entry.collaborative === undefined) changes.push("made it private");
      return changes.length > 0 ? changes.join(", ") : "changed the details";
    }
    case "collaborator_added":
      return entry.user_id === entry.user?.id ? "joined as a collaborator" : "added a collaborator";
    case "collaborator_removed":
      return entry.user_id === entry.user?.id ? "left the playlist" : "removed a collaborator";
    default:
      return "changed the playlist";
  }
}

/**
 * The activity log (owner and collaborators): who created, renamed, added, removed or moved
 * what, newest first, 20 at a time. `version` changes when the playlist does, reading it again.
 */
export function PlaylistActivity({ playlistId, version }: { playlistId: string; version: string }) {
  const entries = useSignal<ActivityEntry[] | null>(null);
  const titles = useSignal<Map<string, string>>(new Map());
  const total = useSignal(0);
  const error = useSignal<string | null>(null);

  async function load(offset: number) {
    try {
      const page = await fetchPlaylistActivity(playlistId, offset, ACTIVITY_PAGE);
      const all = offset === 0 ? page.items : [...(entries.value ?? []), ...page.items];
      titles.value = new Map([...titles.value, ...(await titlesOf(page.items))]);
      entries.value = all;
      total.value = page.total;
      error.value = null;
    } catch (failure) {
      error.value = asApiError(failure).message;
    }
  }

  useEffect(() => {
    void load(0);
  }, [playlistId, version]);

  return (
    <section class="playlist-activity" aria-labelledby="playlist-activity-title">
      <h2 id="playlist-activity-title">Activity</h2>
      {error.value && <p class="error">{error.value}</p>}
      {entries.value === null ? (
        <p class="hint">Loading…</p>
      ) : (
        <ol>
          {entries.value.map((entry) => (
            <li key={entry.id}>
              {entry.user ? (
                <a href={`/user/${entry.user.id}`}>{entry.user.display_name ?? "Someone"}</a>
              ) : (
                <span>A deleted account</span>
              )}{" "}
              {describeActivity(entry, titles.value)}
              <time dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>
                {formatRelative(entry.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
      {entries.value && entries.value.length < total.value && (
        <button type="button" onClick={() => load(entries.value?.length ?? 0)}>
          Show older activity
        </button>
      )}
    </section>
  );
}
