import { type Context, Hono } from "hono";
import { z } from "zod";
import type { AlbumDetails, AlbumGroup, CatalogDb } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { toUri, type UriType } from "../ids.ts";
import { requireUser } from "../middleware/auth.ts";
import {
  artistsOf,
  inRequestedOrder,
  type TrackView,
  unique,
  viewTracks,
  viewTracksById,
} from "../services/browse.ts";
import { idList, market, pageQuery, validate } from "../validation.ts";
import {
  albumObject,
  artistAlbum,
  artistObject,
  categoryObject,
  listedAlbum,
  pagingObject,
  simplifiedTrack,
  trackObject,
} from "./shapes.ts";

/** Spotify's caps on `ids` per request. */
const MAX_IDS = { tracks: 50, albums: 20, artists: 50 } as const;
/** Tracks in an album object's embedded first page (Spotify's size). */
const ALBUM_TRACKS_PAGE = 50;
/** Tracks `top-tracks` answers with at most (Spotify's 10). */
const TOP_TRACKS = 10;
/** New releases reach back this many albums. */
const NEW_RELEASES_WINDOW = 100;
const ALBUM_GROUPS = ["album", "single", "compilation", "appears_on"] as const satisfies AlbumGroup[];

const MarketQuery = z.object({ market });

/** `ids`: a comma-separated list of at most `max` ids. */
const idsQuery = (max: number) => z.object({ ids: idList(max), market });

const AlbumsOfArtistQuery = pageQuery.extend({
  market,
  include_groups: z
    .string()
    .transform((value) => unique(value.split(",").map((group) => group.trim().toLowerCase())))
    .pipe(z.array(z.enum(ALBUM_GROUPS)).min(1))
    .default([...ALBUM_GROUPS]),
});

/**
 * How a request sees availability: `country` decides `is_playable` (the market asked for, else
 * the listener's); naming a market hides `available_markets`, as Spotify does.
 */
export interface MarketView {
  country: string;
  hideMarkets: boolean;
  /** The market the request named (`from_token` resolved), if any. */
  named: string | undefined;
}

export function marketView(c: Context<AppEnv>, market: string | undefined): MarketView {
  const named = market === "from_token" ? c.var.user.country : market;
  return { country: named ?? c.var.user.country, hideMarkets: named !== undefined, named };
}

function notFound(type: UriType, id: string): ApiError {
  return new ApiError(404, "not_found", `No ${type} ${toUri(type, id)}.`);
}

export const originOf = (c: Context<AppEnv>) => new URL(c.req.url).origin;

export function shapeTrack({ track, album, artist }: TrackView, origin: string, view: MarketView) {
  return trackObject({ track, album: album.album, artist }, origin, view.country, {
    hideMarkets: view.hideMarkets,
    album,
  });
}

/** Album objects for `ids` in the order asked (null where unknown), each with its first page of tracks. */
export async function albumObjects(db: CatalogDb, ids: string[], origin: string, view: MarketView) {
  const shaped = await Promise.all(
    (await db.findPlayableAlbums(unique(ids))).map(async (details) => {
      const page = { limit: ALBUM_TRACKS_PAGE, offset: 0 };
      const tracks = await albumTrackObjects(db, details, page, origin, view);
      const href = `${origin}/v1/albums/${details.album.id}/tracks`;
      return albumObject(
        details,
        pagingObject(tracks, { href, ...page, total: details.totalTracks }),
        origin,
        view.hideMarkets,
      );
    }),
  );
  return inRequestedOrder(ids, shaped, (album) => album.id);
}

/** One page of an album's playable tracks as simplified track objects. */
async function albumTrackObjects(
  db: CatalogDb,
  details: AlbumDetails,
  page: { limit: number; offset: number },
  origin: string,
  view: MarketView,
) {
  const tracks = await db.listPlayableAlbumTracks(details.album.id, page);
  const artists = await artistsOf(db, tracks, [details.artist]);
  return tracks.flatMap((track) => {
    const artist = artists.get(track.artistId);
    return artist
      ? [simplifiedTrack(track, artist, origin, view.country, { hideMarkets: view.hideMarkets })]
      : [];
  });
}

async function requireArtist(db: CatalogDb, id: string) {
  const [details] = await db.findPlayableArtists([id]);
  if (!details) throw notFound("artist", id);
  return details;
}

const tracks = new Hono<AppEnv>()
  .get("/", requireUser, validate("query", idsQuery(MAX_IDS.tracks)), async (c) => {
    const { ids, market } = c.req.valid("query");
    const view = marketView(c, market);
    const found = await viewTracksById(c.var.db, ids);
    return c.json({ tracks: found.map((track) => track && shapeTrack(track, originOf(c), view)) });
  })
  .get("/:id", requireUser, validate("query", MarketQuery), async (c) => {
    const id = c.req.param("id");
    const [track] = await viewTracksById(c.var.db, [id]);
    if (!track) throw notFound("track", id);
    return c.json(shapeTrack(track, originOf(c), marketView(c, c.req.valid("query").market)));
  });

const albums = new Hono<AppEnv>()
  .get("/", requireUser, validate("query", idsQuery(MAX_IDS.albums)), async (c) => {
    const { ids, market } = c.req.valid("query");
    return c.json({ albums: await albumObjects(c.var.db, ids, originOf(c), marketView(c, market)) });
  })
  .get("/:id", requireUser, validate("query", MarketQuery), async (c) => {
    const id = c.req.param("id");
    const view = marketView(c, c.req.valid("query").market);
    const [album] = await albumObjects(c.var.db, [id], originOf(c), view);
    if (!album) throw notFound("album", id);
    return c.json(album);
  })
  .get("/:id/tracks", requireUser, validate("query", pageQuery.extend({ market })), async (c) => {
    const id = c.req.param("id");
    const { limit, offset, market } = c.req.valid("query");
    const [details] = await c.var.db.findPlayableAlbums([id]);
    if (!details) throw notFound("album", id);
    const view = marketView(c, market);
    const items = await albumTrackObjects(c.var.db, details, { limit, offset }, originOf(c), view);
    return c.json(pagingObject(items, { href: c.req.url, limit, offset, total: details.totalTracks }));
  });

const artists = new Hono<AppEnv>()
  .get("/", requireUser, validate("query", idsQuery(MAX_IDS.artists)), async (c) => {
    const { ids } = c.req.valid("query");
    const found = await c.var.db.findPlayableArtists(unique(ids));
    const shaped = found.map((details) => artistObject(details, originOf(c)));
    return c.json({ artists: inRequestedOrder(ids, shaped, (artist) => artist.id) });
  })
  .get("/:id", requireUser, async (c) => {
    return c.json(artistObject(await requireArtist(c.var.db, c.req.param("id")), originOf(c)));
  })
  .get("/:id/albums", requireUser, validate("query", AlbumsOfArtistQuery), async (c) => {
    const id = c.req.param("id");
    const { include_groups, limit, offset, market } = c.req.valid("query");
    await requireArtist(c.var.db, id);
    const view = marketView(c, market);
    const { items, total } = await c.var.db.listArtistAlbums(id, {
      groups: include_groups,
      market: view.named,
      limit,
      offset,
    });
    const shaped = items.map((details) => artistAlbum(details, originOf(c), view.hideMarkets));
    return c.json(pagingObject(shaped, { href: c.req.url, limit, offset, total }));
  })
  .get("/:id/top-tracks", requireUser, validate("query", MarketQuery), async (c) => {
    const id = c.req.param("id");
    await requireArtist(c.var.db, id);
    const view = marketView(c, c.req.valid("query").market);
    const top = await viewTracks(c.var.db, await c.var.db.listArtistTopTracks(id, TOP_TRACKS, view.named));
    return c.json({ tracks: top.map((track) => shapeTrack(track, originOf(c), view)) });
  });

const browse = new Hono<AppEnv>()
  .get("/new-releases", requireUser, validate("query", pageQuery), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const { items, total } = await c.var.db.listNewReleases({ limit, offset, window: NEW_RELEASES_WINDOW });
    const shaped = items.map((details) => listedAlbum(details, originOf(c)));
    return c.json({ albums: pagingObject(shaped, { href: c.req.url, limit, offset, total }) });
  })
  .get("/categories", requireUser, validate("query", pageQuery), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const { items, total } = await c.var.db.listBrowsableGenres({ limit, offset });
    const shaped = items.map((genre) => categoryObject(genre, originOf(c)));
    return c.json({ categories: pagingObject(shaped, { href: c.req.url, limit, offset, total }) });
  })
  .get("/categories/:id", requireUser, async (c) => {
    const id = c.req.param("id");
    const genre = await c.var.db.findBrowsableGenre(id);
    if (!genre) throw new ApiError(404, "not_found", `No category ${id}.`);
    return c.json(categoryObject(genre, originOf(c)));
  });

/**
 * The Spotify-compatible catalogue under `/v1`: tracks, albums, artists and browse (new releases,
 * categories from genres). Music only: ads, podcasts and anything without a playable track are
 * not found here. `market` decides `is_playable` and, where Spotify does, filters.
 */
export const browseApp = new Hono<AppEnv>()
  .route("/tracks", tracks)
  .route("/albums", albums)
  .route("/artists", artists)
  .route("/browse", browse);
