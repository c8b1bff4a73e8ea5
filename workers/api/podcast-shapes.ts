import type { EpisodeDetails, ShowDetails } from "../db/catalog-db.ts";
import { toUri } from "../ids.ts";
import { decodeMarkets, isAvailableIn } from "../services/markets.ts";
import { escapeHtml } from "./html.ts";
import { imagesOf } from "./shapes.ts";

/** Spotify Web API shapes of podcast shows and episodes. `origin` is the public origin requests came in on. */

/** Where a listener left an episode (Spotify's `resume_point`). */
export interface ResumePointShape {
  fully_played: boolean;
  resume_position_ms: number;
}

/** Spotify's simplified show object. */
export function simplifiedShow({ show, album, artist }: ShowDetails, origin: string, totalEpisodes: number) {
  return {
    // Shows play everywhere; each episode carries its own markets.
    available_markets: decodeMarkets(null),
    copyrights: [] as { text: string; type: string }[],
    description: show.description,
    html_description: escapeHtml(show.description),
    explicit: show.explicit,
    external_urls: { cadenza: `${origin}/show/${show.id}` },
    href: `${origin}/v1/shows/${show.id}`,
    id: show.id,
    images: imagesOf("show", show.id, origin),
    is_externally_hosted: false,
    languages: show.languages.split(","),
    media_type: "audio" as const,
    name: album.name,
    publisher: show.publisher || artist.name,
    type: "show" as const,
    uri: toUri("show", show.id),
    total_episodes: totalEpisodes,
  };
}

/**
 * Spotify's simplified episode object; `resume` is the caller's resume point (absent when they
 * never played it). `country`, when known, decides `is_playable`.
 */
export function simplifiedEpisode(
  { episode, track, show }: EpisodeDetails,
  origin: string,
  resume: ResumePointShape | undefined,
  country?: string,
) {
  return {
    audio_preview_url: null,
    description: episode.description,
    html_description: escapeHtml(episode.description),
    duration_ms: track.durationMs,
    explicit: track.explicit,
    external_urls: { cadenza: `${origin}/episode/${episode.id}` },
    href: `${origin}/v1/episodes/${episode.id}`,
    id: episode.id,
    images: imagesOf("show", show.show.id, origin),
    is_externally_hosted: false,
    is_playable: track.currentEncodeId !== null && (!country || isAvailableIn(track.markets, country)),
    language: episode.language,
    languages: [episode.language],
    name: track.title,
    release_date: episode.releaseDate,
    release_date_precision: "day" as const,
    resume_point: resume ?? { fully_played: false, resume_position_ms: 0 },
    type: "episode" as const,
    uri: toUri("episode", episode.id),
  };
}
