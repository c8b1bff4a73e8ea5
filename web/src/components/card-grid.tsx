import type { ComponentChildren } from "preact";
import type {
  Artist,
  Category,
  Image,
  PublicUser,
  SimplifiedAlbum,
  SimplifiedArtist,
  SimplifiedPlaylist,
  SimplifiedShow,
} from "../api/types.ts";
import { playContext } from "../player/controller.ts";
import { Cover } from "./cover.tsx";
import { showError } from "./toast.tsx";
import "./card-grid.css";

/** One card: what it links to, what it shows, and (when playable) the context its button plays. */
export interface CardItem {
  key: string;
  href: string;
  title: string;
  subtitle?: string;
  images?: Image[];
  /** Round artwork (artists, users). */
  round?: boolean;
  /** A context URI for the play button; no button without one (or `play`). */
  playUri?: string;
  /** Replaces what the play button does (e.g. a track in its album). */
  play?: () => Promise<void>;
}

const year = (date: string) => date.slice(0, 4);
const artistNames = (artists: SimplifiedArtist[]) => artists.map((a) => a.name).join(", ");

export function albumCard(album: SimplifiedAlbum): CardItem {
  const kind =
    album.album_type === "single" ? "Single" : album.album_type === "compilation" ? "Compilation" : "Album";
  return {
    key: album.id,
    href: `/album/${album.id}`,
    title: album.name,
    subtitle: [year(album.release_date), artistNames(album.artists) || kind].filter(Boolean).join(" • "),
    images: album.images,
    playUri: album.uri,
  };
}

export function artistCard(artist: Artist | SimplifiedArtist): CardItem {
  return {
    key: artist.id,
    href: `/artist/${artist.id}`,
    title: artist.name,
    subtitle: "Artist",
    images: "images" in artist ? artist.images : [{ url: `/api/images/artist/${artist.id}` }],
    round: true,
    playUri: artist.uri,
  };
}

export function playlistCard(playlist: SimplifiedPlaylist): CardItem {
  return {
    key: playlist.id,
    href: `/playlist/${playlist.id}`,
    title: playlist.name,
    subtitle: `By ${playlist.owner.display_name}`,
    images: playlist.images,
    playUri: playlist.uri,
  };
}

export function showCard(show: SimplifiedShow): CardItem {
  return {
    key: show.id,
    href: `/show/${show.id}`,
    title: show.name,
    subtitle: show.publisher,
    images: show.images,
    playUri: show.uri,
  };
}

export function categoryCard(category: Category): CardItem {
  return { key: category.id, href: `/genre/${category.id}`, title: category.name, images: category.icons };
}

export function userCard(user: PublicUser): CardItem {
  return {
    key: user.id,
    href: `/user/${user.id}`,
    title: user.display_name,
    subtitle: "Profile",
    round: true,
  };
}

function Card({ item }: { item: CardItem }) {
  const play = (event: Event) => {
    event.preventDefault();
    const started = item.play ? item.play() : item.playUri ? playContext(item.playUri) : null;
    started?.catch((error) => showError(error, "Couldn't start playback."));
  };
  return (
    <li class="card">
      <a class="card-link" href={item.href}>
        {item.title}
      </a>
      {item.subtitle && <span class="card-subtitle">{item.subtitle}</span>}
      <div class="card-art">
        <Cover images={item.images} size="fill" round={item.round} />
        {(item.playUri || item.play) && (
          <button type="button" class="card-play" aria-label={`Play ${item.title}`} onClick={play}>
            <span aria-hidden="true">▶</span>
          </button>
        )}
      </div>
    </li>
  );
}

/** A responsive grid of cards (albums, artists, playlists, shows, genres), each a link to its page. */
export function CardGrid({ items, label }: { items: CardItem[]; label?: string }) {
  return (
    <ul class="card-grid" aria-label={label}>
      {items.map((item) => (
        <Card key={item.key} item={item} />
      ))}
    </ul>
  );
}

/** A titled section of cards (home, search, artist pages), with an optional "Show all" link. */
export function Shelf({
  title,
  items,
  moreHref,
  id,
  children,
}: {
  title: string;
  items: CardItem[];
  moreHref?: string;
  id: string;
  children?: ComponentChildren;
}) {
  return (
    <section class="shelf" aria-labelledby={id}>
      <div class="shelf-head">
        <h2 id={id}>{title}</h2>
        {moreHref && (
          <a class="shelf-more" href={moreHref}>
            Show all<span class="visually-hidden"> {title}</span>
          </a>
        )}
      </div>
      {children}
      <CardGrid items={items} />
    </section>
  );
}
