import { AlbumPage } from "./pages/album.tsx";
import { ArtistPage } from "./pages/artist.tsx";
import { EpisodePage } from "./pages/episode.tsx";
import { GenrePage } from "./pages/genre.tsx";
import { HomePage } from "./pages/home.tsx";
import { LibraryPage } from "./pages/library.tsx";
import { LikedSongsPage } from "./pages/liked-songs.tsx";
import { PlaylistPage } from "./pages/playlist.tsx";
import { MyProfileRedirect, ProfilePage } from "./pages/profile.tsx";
import { QueuePage } from "./pages/queue.tsx";
import { SearchPage } from "./pages/search.tsx";
import { SettingsPage } from "./pages/settings.tsx";
import { ShowPage } from "./pages/show.tsx";
import { TrackPage } from "./pages/track.tsx";
import { LyricsPage } from "./player/lyrics.tsx";
import type { Route } from "./router.tsx";

/** Every page's deep link (the API's `external_urls` point at these paths). */
export const routes: Route[] = [
  { pattern: "/", render: () => <HomePage /> },
  // Keyed by id: another album (artist…) is a fresh page, not the last one's state with new data.
  { pattern: "/search", render: () => <SearchPage /> },
  { pattern: "/playlist/:id", render: ({ id }) => <PlaylistPage key={id} id={id as string} /> },
  { pattern: "/album/:id", render: ({ id }) => <AlbumPage key={id} id={id as string} /> },
  { pattern: "/artist/:id", render: ({ id }) => <ArtistPage key={id} id={id as string} /> },
  { pattern: "/track/:id", render: ({ id }) => <TrackPage key={id} id={id as string} /> },
  { pattern: "/show/:id", render: ({ id }) => <ShowPage key={id} id={id as string} /> },
  { pattern: "/episode/:id", render: ({ id }) => <EpisodePage key={id} id={id as string} /> },
  { pattern: "/genre/:id", render: ({ id }) => <GenrePage key={id} id={id as string} /> },
  { pattern: "/user/:id", render: ({ id }) => <ProfilePage key={id} id={id as string} /> },
  { pattern: "/me", render: () => <MyProfileRedirect /> },
  { pattern: "/library", render: () => <LibraryPage /> },
  { pattern: "/collection/tracks", render: () => <LikedSongsPage /> },
  { pattern: "/settings", render: () => <SettingsPage /> },
  { pattern: "/queue", render: () => <QueuePage /> },
  { pattern: "/lyrics", render: () => <LyricsPage /> },
];
