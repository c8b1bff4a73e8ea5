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
  track_number: number;
  disc_number: number;
  artists: SimplifiedArtist[];
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
