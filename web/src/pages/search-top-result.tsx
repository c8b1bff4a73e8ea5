import { Cover } from "../components/cover.tsx";
import { showError } from "../components/toast.tsx";
import { playContext } from "../player/controller.ts";
import type { SearchResults } from "./search.tsx";

/** A name folded for comparison: lower case, no accents. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .trim();

interface Candidate {
  kind: string;
  name: string;
  subtitle: string;
  href: string;
  images?: { url: string }[];
  round?: boolean;
  play: () => Promise<void>;
}

/**
 * The best single match, as Spotify's "Top result": the first artist, song, album or show whose
 * name is the query, else whose name starts with it, else the first song.
 */
function pickTopResult(q: string, results: SearchResults): Candidate | null {
  const query = fold(q);
  const candidates: Candidate[] = [];
  for (const artist of results.artists?.items.slice(0, 1) ?? [])
    candidates.push({
      kind: "Artist",
      name: artist.name,
      subtitle: "Artist",
      href: `/artist/${artist.id}`,
      images: artist.images,
      round: true,
      play: () => playContext(artist.uri),
    });
  for (const track of results.tracks?.items.slice(0, 1) ?? [])
    candidates.push({
      kind: "Song",
      name: track.name,
      subtitle: track.artists.map((a) => a.name).join(", "),
      href: `/track/${track.id}`,
      images: track.album.images,
      play: () => playContext(track.album.uri, { offsetUri: track.uri }),
    });
  for (const album of results.albums?.items.slice(0, 1) ?? [])
    candidates.push({
      kind: "Album",
      name: album.name,
      subtitle: album.artists.map((a) => a.name).join(", "),
      href: `/album/${album.id}`,
      images: album.images,
      play: () => playContext(album.uri),
    });
  for (const show of results.shows?.items.slice(0, 1) ?? [])
    if (show)
      candidates.push({
        kind: "Podcast",
        name: show.name,
        subtitle: show.publisher,
        href: `/show/${show.id}`,
        images: show.images,
        play: () => playContext(show.uri),
      });
  return (
    candidates.find((c) => fold(c.name) === query) ??
    candidates.find((c) => fold(c.name).startsWith(query)) ??
    candidates.find((c) => c.kind === "Song") ??
    candidates[0] ??
    null
  );
}

/** The "Top result" card of an all-types search. */
export function TopResult({ q, results }: { q: string; results: SearchResults }) {
  const top = pickTopResult(q, results);
  if (!top) return null;
  return (
    <section class="page-section top-result" aria-labelledby="results-top">
      <h2 id="results-top">Top result</h2>
      <div class="top-result-card">
        <Cover images={top.images} size={92} round={top.round} />
        <a class="top-result-name" href={top.href}>
          {top.name}
        </a>
        <span class="top-result-meta">
          <span class="pill">{top.kind}</span> {top.kind === "Artist" ? "" : top.subtitle}
        </span>
        <button
          type="button"
          class="card-play top-result-play"
          aria-label={`Play ${top.name}`}
          onClick={() => top.play().catch((error) => showError(error, "Couldn't start playback."))}
        >
          <span aria-hidden="true">▶</span>
        </button>
      </div>
    </section>
  );
}
