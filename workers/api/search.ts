import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ObjectRows } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { requireUser } from "../middleware/auth.ts";
import { inRequestedOrder, trackViewsOf, unique } from "../services/browse.ts";
import { searchTokens } from "../services/search/normalise.ts";
import { formatSearchQuery, parseSearchQuery, type SearchQuery } from "../services/search/parse-query.ts";
import { SEARCH_KINDS, type SearchKind } from "../services/search/search-index.ts";
import { market, validate } from "../validation.ts";
import { simplifiedPlaylist } from "./playlist-shapes.ts";
import { simplifiedEpisode, simplifiedShow } from "./podcast-shapes.ts";
import { cachedSearchAnswer } from "./search-cache.ts";
import { artistObject, listedAlbum, pagingObject, trackObject } from "./shapes.ts";

/** Spotify's search types, in the order answers list them, and the key each answers under. */
const RESULT_KEYS = {
  album: "albums",
  artist: "artists",
  playlist: "playlists",
  track: "tracks",
  show: "shows",
  episode: "episodes",
} as const;
type SearchType = keyof typeof RESULT_KEYS;
const SEARCH_TYPES = Object.keys(RESULT_KEYS) as SearchType[];

/** Spotify's deepest search page starts here. */
const MAX_OFFSET = 1000;
/** Longest accepted query, in characters after trimming. */
const MAX_QUERY_LENGTH = 250;

const searchText = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`);

const SearchParams = z.object({
  q: searchText,
  type: z
    .string()
    .transform((value) => unique(value.split(",").map((type) => type.trim().toLowerCase())))
    .pipe(z.array(z.enum(SEARCH_TYPES)).min(1)),
  limit: z.coerce.number().int().min(0).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(MAX_OFFSET).default(0),
  market,
  // Spotify's flag for externally hosted audio; Cadenza hosts all of its audio.
  include_external: z.literal("audio").optional(),
});

const AutocompleteParams = z.object({
  q: searchText,
  limit: z.coerce.number().int().min(1).max(20).default(10),
});

/** What each kind is called in autocomplete suggestions (the seed's `song`). */
const SUGGESTION_TYPES: Partial<Record<SearchKind, string>> = {
  track: "song",
  artist: "artist",
  album: "album",
  show: "show",
  playlist: "playlist",
};

interface SearchRequest {
  query: SearchQuery;
  /** The query's canonical text (`formatSearchQuery`). */
  text: string;
  types: SearchType[];
  limit: number;
  offset: number;
  /** The market asked for, `from_token` resolved. */
  country: string | undefined;
}

/**
 * `GET /v1/search`: Spotify's search — a paging object per asked type, best match first. With a
 * market, what is not licensed there is left out. Answers are edge-cached per normalised query.
 */
export const searchApp = new Hono<AppEnv>().get(
  "/",
  requireUser,
  validate("query", SearchParams),
  async (c) => {
    const params = c.req.valid("query");
    const parsed = parseSearchQuery(params.q);
    const request: SearchRequest = {
      query: parsed,
      text: formatSearchQuery(parsed),
      types: SEARCH_TYPES.filter((type) => params.type.includes(type)),
      limit: params.limit,
      offset: params.offset,
      country: params.market === "from_token" ? c.var.user.country : params.market,
    };
    const key = {
      q: request.text,
      type: request.types.join(","),
      limit: String(request.limit),
      offset: String(request.offset),
      market: request.country ?? "",
    };
    return cachedSearchAnswer(c, key, () => searchAnswer(c, request));
  },
);

/**
 * `GET /api/search/autocomplete`: suggestions as the listener types — artists, songs, albums and
 * shows with the text at the start of a word of their name, most popular first; songs not
 * licensed in the listener's country are left out.
 */
export const autocompleteApp = new Hono<AppEnv>().get(
  "/autocomplete",
  requireUser,
  validate("query", AutocompleteParams),
  async (c) => {
    const { q, limit } = c.req.valid("query");
    const tokens = searchTokens(q);
    const country = c.var.user.country;
    return cachedSearchAnswer(c, { q: tokens.join(" "), limit: String(limit), market: country }, async () => {
      const suggestions = await c.var.db.suggest(tokens, { limit, market: country });
      return {
        suggestions: suggestions.flatMap(({ kind, id, name }) => {
          const type = SUGGESTION_TYPES[kind];
          return type ? [{ type, text: name, id }] : [];
        }),
      };
    });
  },
);

async function searchAnswer(c: Context<AppEnv>, request: SearchRequest) {
  const kinds = request.types.filter((type): type is SearchKind => SEARCH_KINDS.includes(type as SearchKind));
  const hits = await c.var.db.searchCatalog(request.query, {
    kinds,
    limit: request.limit,
    offset: request.offset,
    market: request.country,
  });
  const music = await c.var.db.findObjectRows({
    trackIds: hits.track?.ids ?? [],
    artistIds: hits.artist?.ids ?? [],
    albumIds: hits.album?.ids ?? [],
  });
  const entries = await Promise.all(
    request.types.map(async (type) => {
      const found = hits[type];
      const items = found
        ? await resultObjects(c, type as SearchKind, found.ids, request.country, music)
        : [];
      return [RESULT_KEYS[type], searchPage(c, request, type, items, found?.total ?? 0)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * One type's paging object. Its links carry the canonical query; there is no `next` past
 * Spotify's deepest offset, nor any link when `limit` is 0.
 */
function searchPage(
  c: Context<AppEnv>,
  request: SearchRequest,
  type: SearchType,
  items: unknown[],
  total: number,
) {
  const href = new URL("/v1/search", c.req.url);
  href.searchParams.set("q", request.text);
  href.searchParams.set("type", type);
  if (request.country) href.searchParams.set("market", request.country);
  const { limit, offset } = request;
  const page = pagingObject(items, { href: href.toString(), limit, offset, total });
  return {
    ...page,
    next: limit > 0 && offset + limit <= MAX_OFFSET ? page.next : null,
    previous: limit > 0 ? page.previous : null,
  };
}

/** The Spotify objects of one kind's hits, in rank order (a hit gone since it was found is dropped). */
async function resultObjects(
  c: Context<AppEnv>,
  kind: SearchKind,
  ids: string[],
  country: string | undefined,
  music: ObjectRows,
) {
  if (ids.length === 0) return [];
  const origin = new URL(c.req.url).origin;
  const hideMarkets = country !== undefined;
  switch (kind) {
    case "track": {
      const views = trackViewsOf(music);
      return ids.flatMap((id) => {
        const view = views.get(id);
        if (!view) return [];
        const { track, album, artist } = view;
        return [trackObject({ track, album: album.album, artist }, origin, country, { hideMarkets, album })];
      });
    }
    case "artist":
      return present(inRequestedOrder(ids, music.artists, (d) => d.artist.id)).map((details) =>
        artistObject(details, origin),
      );
    case "album":
      return present(inRequestedOrder(ids, music.albums, (d) => d.album.id)).map((details) =>
        listedAlbum(details, origin, hideMarkets),
      );
    case "show":
    case "episode":
      return podcastSearchObjects(c, kind, ids, origin, country);
    case "playlist": {
      // Only public playlists are indexed; one made private since is left out here too.
      const found = (await c.var.db.findPlaylists(ids)).filter((details) => details.playlist.public);
      return present(inRequestedOrder(ids, found, (d) => d.playlist.id)).map((details) =>
        simplifiedPlaylist(details, origin, null),
      );
    }
  }
}

/**
 * The hook through which search shows podcasts: show and episode objects for hits, in rank
 * order, in the podcast API's own shapes. Search answers are shared between listeners (edge
 * cache), so episodes carry no listener's resume point.
 */
async function podcastSearchObjects(
  c: Context<AppEnv>,
  kind: "show" | "episode",
  ids: string[],
  origin: string,
  country: string | undefined,
) {
  const db = c.var.db;
  if (kind === "episode") {
    const episodes = present(inRequestedOrder(ids, await db.findEpisodes(ids), (e) => e.episode.id));
    return episodes.map((episode) => simplifiedEpisode(episode, origin, undefined, country));
  }
  const shows = present(inRequestedOrder(ids, await db.findShows(ids), (s) => s.show.id));
  const counts = await db.countPlayableEpisodes(shows.map((show) => show.show.id));
  return shows.map((show) => simplifiedShow(show, origin, counts.get(show.show.id) ?? 0));
}

function present<T>(rows: (T | null)[]): T[] {
  return rows.filter((row): row is T => row !== null);
}
