import { type Context, Hono } from "hono";
import { z } from "zod";
import type { ResumePoint } from "../../durable-objects/user-session/protocol.ts";
import type { EpisodeDetails, ShowDetails } from "../db/catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { newId } from "../ids.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { nameKey } from "../services/names.ts";
import { market, pageQuery, validate } from "../validation.ts";
import { simplifiedEpisode, simplifiedShow } from "./podcast-shapes.ts";
import { pagingObject } from "./shapes.ts";
import { formFile, formFlag, formMarkets, ingestUpload, readUploadForm, uploadSizeLimit } from "./uploads.ts";

/** Spotify's caps on `ids` for shows and episodes. */
const MAX_IDS = 50;

const Ids = z.object({
  ids: z
    .string()
    .min(1)
    .transform((v) => v.split(",").map((id) => id.trim()))
    .pipe(z.array(z.string().min(1).max(64)).max(MAX_IDS, `at most ${MAX_IDS} ids`)),
});
const Market = z.object({ market });

const NewShowBody = z.object({
  name: z.string().trim().min(1).max(200),
  publisher: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(""),
  explicit: z.boolean().default(false),
  /** BCP 47 tags. */
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en or pt-BR"))
    .min(1)
    .max(10)
    .default(["en"]),
});

const EpisodeForm = z.object({
  file: formFile,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(4000).default(""),
  release_date: z.iso.date({ message: "must be YYYY-MM-DD" }),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en or pt-BR")
    .optional(),
  explicit: formFlag,
  markets: formMarkets,
});

/** The market `is_playable` is decided for: `?market`, `from_token` or none given → the listener's country. */
function marketOf(c: Context<AppEnv>, asked: string | undefined): string {
  return asked && asked !== "from_token" ? asked : c.var.user.country;
}

/** The caller's resume points for these episodes, from their UserSession. */
async function resumePointsFor(
  c: Context<AppEnv>,
  episodes: EpisodeDetails[],
): Promise<Record<string, ResumePoint>> {
  if (episodes.length === 0) return {};
  return c.env.USER_SESSION.getByName(c.var.user.id).resumePoints(episodes.map((e) => e.episode.id));
}

/** Simplified show objects for `shows`, their episode counts read in one query. */
export async function simplifiedShows(c: Context<AppEnv>, shows: ShowDetails[]) {
  const origin = new URL(c.req.url).origin;
  const counts = await c.var.db.countPlayableEpisodes(shows.map((s) => s.show.id));
  return shows.map((show) => simplifiedShow(show, origin, counts.get(show.show.id) ?? 0));
}

/** Spotify's full show object: the simplified one with the first page of episodes. */
async function fullShow(c: Context<AppEnv>, show: ShowDetails, market: string) {
  const origin = new URL(c.req.url).origin;
  const page = await c.var.db.listShowEpisodes(show, { limit: 50, offset: 0 });
  const resume = await resumePointsFor(c, page.items);
  return {
    ...simplifiedShow(show, origin, page.total),
    episodes: pagingObject(
      page.items.map((e) => simplifiedEpisode(e, origin, resume[e.episode.id], market)),
      { href: `${origin}/v1/shows/${show.show.id}/episodes`, limit: 50, offset: 0, total: page.total },
    ),
  };
}

/**
 * Spotify's full episode objects (the simplified ones with their shows): one resume-point
 * call and one episode count for all of them.
 */
export async function fullEpisodes(c: Context<AppEnv>, episodes: EpisodeDetails[], market: string) {
  const origin = new URL(c.req.url).origin;
  const resume = await resumePointsFor(c, episodes);
  const counts = await c.var.db.countPlayableEpisodes([...new Set(episodes.map((e) => e.show.show.id))]);
  return episodes.map((episode) => ({
    ...simplifiedEpisode(episode, origin, resume[episode.episode.id], market),
    show: simplifiedShow(episode.show, origin, counts.get(episode.show.show.id) ?? 0),
  }));
}

/** `/v1/shows`: podcast shows and their episodes, Spotify-shaped. */
export const showsApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", validate("query", Ids.extend(Market.shape)), async (c) => {
    const { ids } = c.req.valid("query");
    const shows = await simplifiedShows(c, await c.var.db.findShows(ids));
    const byId = new Map(shows.map((show) => [show.id, show]));
    return c.json({ shows: ids.map((id) => byId.get(id) ?? null) });
  })
  .get("/:id", validate("query", Market), async (c) => {
    const show = await c.var.db.findShow(c.req.param("id"));
    if (!show) throw new ApiError(404, "not_found", "No such show.");
    return c.json(await fullShow(c, show, marketOf(c, c.req.valid("query").market)));
  })
  .get("/:id/episodes", validate("query", pageQuery.extend(Market.shape)), async (c) => {
    const { limit, offset, market } = c.req.valid("query");
    const show = await c.var.db.findShow(c.req.param("id"));
    if (!show) throw new ApiError(404, "not_found", "No such show.");
    const page = await c.var.db.listShowEpisodes(show, { limit, offset });
    const resume = await resumePointsFor(c, page.items);
    const url = new URL(c.req.url);
    const country = marketOf(c, market);
    return c.json(
      pagingObject(
        page.items.map((e) => simplifiedEpisode(e, url.origin, resume[e.episode.id], country)),
        { href: `${url.origin}${url.pathname}`, limit, offset, total: page.total },
      ),
    );
  });

/** `/v1/episodes`: podcast episodes, Spotify-shaped, with the caller's resume points. */
export const episodesApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", validate("query", Ids.extend(Market.shape)), async (c) => {
    const { ids, market } = c.req.valid("query");
    const episodes = await fullEpisodes(c, await c.var.db.findEpisodes(ids), marketOf(c, market));
    const byId = new Map(episodes.map((episode) => [episode.id, episode]));
    return c.json({ episodes: ids.map((id) => byId.get(id) ?? null) });
  })
  .get("/:id", validate("query", Market), async (c) => {
    const episode = await c.var.db.findEpisode(c.req.param("id"));
    if (!episode) throw new ApiError(404, "not_found", "No such episode.");
    const [full] = await fullEpisodes(c, [episode], marketOf(c, c.req.valid("query").market));
    return c.json(full);
  });

/**
 * `/api/shows`: the shows an account manages (admins: all), creating shows and uploading
 * episodes (artist and admin accounts). An episode's audio goes through the same ingest →
 * transcode → edge path as music, with the speech ladder.
 */
export const showUploadsApp = new Hono<AppEnv>()
  .get("/", requireRole("artist", "admin"), async (c) => {
    const user = c.var.user;
    const shows = await c.var.db.listShows(user.role === "admin" ? null : user.id);
    return c.json({ items: await simplifiedShows(c, shows) });
  })
  .post("/", requireRole("artist", "admin"), validate("json", NewShowBody), async (c) => {
    const body = c.req.valid("json");
    const user = c.var.user;
    const nowMs = Date.now();
    // Publishers live apart from musicians of the same name, like advertisers.
    const publisherKey = `podcast:${nameKey(body.publisher)}`;
    const existing = await c.var.db.findArtistByNameKey(publisherKey);
    if (existing && existing.managedBy !== user.id && user.role !== "admin") {
      throw new ApiError(403, "publisher_not_yours", `"${existing.name}" is managed by another account.`);
    }
    const artist = existing ?? {
      id: newId(),
      name: body.publisher,
      nameKey: publisherKey,
      popularity: 0,
      managedBy: user.id,
      kind: "podcast" as const,
      createdAt: nowMs,
    };
    const id = newId();
    if (await c.var.db.findAlbumByNameKey(artist.id, nameKey(body.name))) {
      throw new ApiError(409, "show_exists", `${body.publisher} already has a show called "${body.name}".`);
    }
    await c.var.db.createShow({
      ...(existing ? {} : { newArtist: artist }),
      album: {
        id,
        name: body.name,
        nameKey: nameKey(body.name),
        artistId: artist.id,
        albumType: "album",
        releaseDate: null,
        releaseDatePrecision: null,
        genreId: null,
        coverKey: null,
        kind: "podcast",
        createdAt: nowMs,
      },
      show: {
        id,
        publisher: body.publisher,
        description: body.description,
        explicit: body.explicit,
        languages: body.languages.join(","),
        createdAt: nowMs,
      },
    });
    return c.json({ show_id: id }, 201);
  })
  .post("/:id/episodes", requireRole("artist", "admin"), uploadSizeLimit, async (c) => {
    const show = await c.var.db.findShow(c.req.param("id"));
    if (!show) throw new ApiError(404, "not_found", "No such show.");
    const user = c.var.user;
    if (show.artist.managedBy !== user.id && user.role !== "admin") {
      throw new ApiError(403, "show_not_yours", "This show is managed by another account.");
    }
    const { file, title, description, release_date, language, explicit, markets } = await readUploadForm(
      c,
      EpisodeForm,
    );
    const { trackId, jobId } = await ingestUpload(c, file, {
      title,
      explicit,
      markets,
      release_date,
      episode: {
        show,
        description,
        releaseDate: release_date,
        language: language ?? show.show.languages.split(",")[0] ?? "en",
      },
    });
    return c.json({ episode_id: trackId, job_id: jobId }, 202);
  });
