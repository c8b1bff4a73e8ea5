/** The Spotify-shaped objects the player reads (the fields it uses; the API sends more). */

export interface Image {
  url: string;
  width?: number | null;
  height?: number | null;
}

export interface SimplifiedArtist {
  id: string;
  name: string;
  uri: string;
  type: "artist";
}

export interface Artist extends SimplifiedArtist {
  images: Image[];
  genres: string[];
  followers: { total: number };
  popularity: number;
}

export interface SimplifiedAlbum {
  id: string;
  name: string;
  uri: string;
  album_type: string;
  release_date: string;
  total_tracks?: number;
  images: Image[];
  artists: SimplifiedArtist[];
}

export interface SimplifiedTrack {
  id: string;
  name: string;
  uri: string;
  duration_ms: number;
  explicit: boolean;
  is_playable: boolean;
  /** Present when the request named no market; absent otherwise. */
  available_markets?: string[];
  track_number: number;
  disc_number: number;
  artists: SimplifiedArtist[];
  type?: "track";
}

export interface Track extends SimplifiedTrack {
  album: SimplifiedAlbum;
  popularity: number;
}

export interface Album extends SimplifiedAlbum {
  label: string;
  genres: string[];
  popularity: number;
  tracks: Paging<SimplifiedTrack>;
}

export interface PublicUser {
  id: string;
  display_name: string;
  uri: string;
  followers?: { total: number };
}

export interface Me extends PublicUser {
  email: string;
  country: string;
  product: "free" | "premium";
}

export interface Paging<T> {
  href: string;
  items: T[];
  limit: number;
  offset: number;
  total: number;
  next: string | null;
  previous: string | null;
}

/** The API's error body. */
export interface ErrorBody {
  error: { status: number; code: string; message: string };
}

/** Spotify's simplified playlist (in lists): `tracks` is a count, not the items. */
export interface SimplifiedPlaylist {
  id: string;
  name: string;
  uri: string;
  description: string | null;
  images: Image[];
  owner: { id: string; display_name: string; uri: string };
  public: boolean;
  collaborative: boolean;
  snapshot_id: string;
  tracks: { href: string; total: number };
  type: "playlist";
}

/** Where the listener left an episode. */
export interface ResumePoint {
  fully_played: boolean;
  resume_position_ms: number;
}

export interface SimplifiedShow {
  id: string;
  name: string;
  uri: string;
  description: string;
  publisher: string;
  images: Image[];
  explicit: boolean;
  total_episodes: number;
  type: "show";
}

export interface Show extends SimplifiedShow {
  episodes: Paging<SimplifiedEpisode>;
}

export interface SimplifiedEpisode {
  id: string;
  name: string;
  uri: string;
  description: string;
  duration_ms: number;
  explicit: boolean;
  is_playable: boolean;
  images: Image[];
  release_date: string;
  resume_point: ResumePoint;
  type: "episode";
}

export interface Episode extends SimplifiedEpisode {
  show: SimplifiedShow;
}

/** A browse category (here, a genre with music in it). */
export interface Category {
  id: string;
  name: string;
  icons: Image[];
}

/** An entry of a saved-items page (`/v1/me/tracks`, `/albums`, `/shows`). */
export interface SavedTrack {
  added_at: string;
  track: Track;
}
export interface SavedAlbum {
  added_at: string;
  album: Album;
}
export interface SavedShow {
  added_at: string;
  show: SimplifiedShow;
}

/** Spotify's cursor paging (`/v1/me/following`, recently played). */
export interface CursorPaging<T> {
  items: T[];
  limit: number;
  next: string | null;
  total?: number;
  cursors: { after?: string | null; before?: string | null } | null;
}

/** One listen of `/v1/me/player/recently-played`. */
export interface PlayHistory {
  track: Track;
  played_at: string;
  context: { type: string; uri: string } | null;
}
