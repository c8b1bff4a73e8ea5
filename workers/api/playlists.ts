import { type Context, Hono } from "hono";
import { z } from "zod";
import type { PlaylistChanged } from "../../durable-objects/user-session/protocol.ts";
import type { ObjectRows } from "../db/catalog-db.ts";
import type { PlaylistDetails, PlaylistEntry } from "../db/playlist-db.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { newId, toUri } from "../ids.ts";
import { requireUser } from "../middleware/auth.ts";
import { trackViewsOf, unique, uniqueBy } from "../services/browse.ts";
import {
  accessTo,
  changeItems,
  checkVisibility,
  type ItemRequest,
  MAX_ITEMS_PER_REQUEST,
  newPlaylist,
  openPlaylist,
  type PlaylistAccess,
  parseItemUri,
  requireEditor,
  requireOwner,
  resolveItemUris,
} from "../services/playlists.ts";
import { signPlaylistCover } from "../stream/signing.ts";
import { market, pageQuery, validate } from "../validation.ts";
import { marketView, originOf, shapeTrack } from "./browse.ts";
import { applyFields, parseFields } from "./fields-filter.ts";
import {
  activityEntry,
  playlistObject,
  playlistTrack,
  simplifiedPlaylist,
  userReference,
} from "./playlist-shapes.ts";
import { fullEpisodes } from "./podcasts.ts";
import { pagingObject } from "./shapes.ts";

/** Items per page of `GET /playlists/{id}/tracks` (Spotify: default 100, at most 100). */
const ITEMS_PAGE = 100;
const MAX_FOLLOWER_CHECKS = 5;

const Details = z.strictObject({
  name: z.string().trim().min(1, "name cannot be empty").max(100),
  description: z.string().trim().max(300).optional(),
  public: z.boolean().optional(),
  collaborative: z.boolean().optional(),
});

const NewPlaylist = Details;
const ChangeDetails = Details.partial().refine(
  (body) => Object.keys(body).length > 0,
  "name a field to change",
);

const ReadQuery = z.object({
  market,
  fields: z.string().optional(),
  additional_types: z.string().optional(),
  /** The unlisted link's secret, for a private playlist shared that way. */
  share_token: z.string().max(64).optional(),
});

const ItemsQuery = ReadQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(ITEMS_PAGE),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const uriList = z
  .array(z.string().max(200))
  .min(1, "name at least one uri")
  .max(MAX_ITEMS_PER_REQUEST, `at most ${MAX_ITEMS_PER_REQUEST} uris per request`);

const AddItems = z.strictObject({ uris: uriList.optional(), position: z.number().int().min(0).optional() });
const AddQuery = z.object({
  uris: z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(uriList)
    .optional(),
  position: z.coerce.number().int().min(0).optional(),
});

const snapshotId = z.string().min(1).max(64).optional();

const ReorderOrReplace = z.union([
  z.strictObject({
    range_start: z.number().int().min(0),
    insert_before: z.number().int().min(0),
    range_length: z.number().int().min(1).default(1),
    snapshot_id: snapshotId,
  }),
  z.strictObject({ uris: uriList.or(z.array(z.string()).length(0)) }),
]);

const RemoveItems = z.strictObject({
  tracks: z
    .array(
      z.strictObject({
        uri: z.string().max(200),
        positions: z.array(z.number().int().min(0)).min(1).max(MAX_ITEMS_PER_REQUEST).optional(),
      }),
    )
    .min(1, "name at least one track")
    .max(MAX_ITEMS_PER_REQUEST, `at most ${MAX_ITEMS_PER_REQUEST} tracks per request`),
  snapshot_id: snapshotId,
});

const Follow = z.strictObject({ public: z.boolean().default(true) }).default({ public: true });

const FollowersQuery = z.object({
  ids: z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(z.array(z.string().max(64)).min(1).max(MAX_FOLLOWER_CHECKS, `at most ${MAX_FOLLOWER_CHECKS} ids`))
    .optional(),
});

const ContainsQuery = z.object({
  uris: z
    .string()
    .transform((value) => value.split(",").filter(Boolean))
    .pipe(uriList),
  share_token: z.string().max(64).optional(),
});

const AddCollaborator = z.strictObject({ user_id: z.string().min(1).max(64) });
const JoinBody = z.strictObject({ token: z.string().min(1).max(64) });

/** Opens `:id` for the caller, with the share token of the query if any. */
function open(c: Context<AppEnv>, shareToken?: string): Promise<PlaylistAccess> {
  return openPlaylist(c.var.db, c.req.param("id") as string, c.var.user.id, { shareToken });
}

/** The cover signature a private playlist's image URL needs (null for public ones). */
function coverSig(c: Context<AppEnv>, details: PlaylistDetails): Promise<string | null> | null {
  return details.playlist.public ? null : signPlaylistCover(c.var.config.SIGNING_KEY, details.playlist.id);
}

async function simplified(c: Context<AppEnv>, items: PlaylistDetails[]) {
  return Promise.all(
    items.map(async (details) => simplifiedPlaylist(details, originOf(c), await coverSig(c, details))),
  );
}

/**
 * Playlist track objects for a page of items: music as full track objects (from `music`, the
 * page's object rows), episodes as episode objects, and `track: null` for an item that is no
 * longer playable.
 */
async function itemObjects(c: Context<AppEnv>, page: PlaylistPage, market: string | undefined) {
  const { entries, music } = page;
  if (entries.length === 0) return [];
  const view = marketView(c, market);
  const origin = originOf(c);
  const episodeIds = uniqueBy(
    entries.flatMap(({ track }) => (track?.kind === "episode" ? [track] : [])),
    (track) => track.id,
  ).map((track) => track.id);
  const episodes =
    episodeIds.length > 0 ? await fullEpisodes(c, await c.var.db.findEpisodes(episodeIds), view.country) : [];
  const shaped = new Map<string, unknown>([
    ...[...trackViewsOf(music).values()].map(
      (track) => [track.track.id, shapeTrack(track, origin, view)] as const,
    ),
    ...episodes.map((episode) => [episode.id, episode] as const),
  ]);
  return entries.map(({ item }) => playlistTrack(item, shaped.get(item.trackId) ?? null, origin));
}

/** A page of a playlist: its items, and the rows behind their music's objects. */
interface PlaylistPage {
  entries: PlaylistEntry[];
  music: ObjectRows;
}

/**
 * Opens the playlist and reads one page of it in one round trip (`readPlaylistPage`); the page
 * is thrown away if the caller may not see it.
 */
async function openWithItems(
  c: Context<AppEnv>,
  page: { limit: number; offset: number },
  shareToken: string | undefined,
): Promise<{ access: PlaylistAccess; page: PlaylistPage }> {
  const id = c.req.param("id") as string;
  const read = await c.var.db.readPlaylistPage(id, c.var.user.id, page);
  const access = await accessTo(id, read.details, c.var.user.id, () => read.collaborator, { shareToken });
  return { access, page: { entries: read.entries, music: read.music } };
}

async function itemsPage(
  c: Context<AppEnv>,
  details: PlaylistDetails,
  items: PlaylistPage,
  page: { limit: number; offset: number },
  market: string | undefined,
) {
  const href = `${originOf(c)}/v1/playlists/${details.playlist.id}/tracks`;
  return pagingObject(await itemObjects(c, items, market), {
    href,
    ...page,
    total: details.playlist.itemCount,
  });
}

function filtered(c: Context<AppEnv>, body: unknown, fields: string | undefined) {
  return c.json(fields ? applyFields(body, parseFields(fields)) : body);
}

/**
 * Tells every connected device of the owner and collaborators that the playlist changed, after
 * the response (a device that misses it reads the playlist again on its next visit).
 */
function announce(c: Context<AppEnv>, details: PlaylistDetails, action: string, snapshotId: string) {
  const event: PlaylistChanged = {
    type: "playlist_changed",
    playlist_id: details.playlist.id,
    snapshot_id: snapshotId,
    action,
    by_user_id: c.var.user.id,
  };
  c.executionCtx.waitUntil(
    (async () => {
      const collaborators = await c.var.db.listCollaborators(details.playlist.id);
      const users = unique([details.playlist.ownerId, ...collaborators.map((user) => user.id)]);
      await Promise.all(users.map((id) => c.env.USER_SESSION.getByName(id).notifyPlaylistChanged(event)));
    })().catch((err) => console.error(`playlist ${details.playlist.id}: push failed`, err)),
  );
}

/** Applies an item change for an editor, tells the editors' devices, and returns the new snapshot id. */
async function applyItems(c: Context<AppEnv>, access: PlaylistAccess, request: ItemRequest): Promise<string> {
  requireEditor(access);
  const snapshot = await changeItems(c.var.db, access, c.var.user.id, request, Date.now());
  if (snapshot !== access.details.playlist.snapshotId) announce(c, access.details, request.kind, snapshot);
  return snapshot;
}

async function createFor(c: Context<AppEnv>, body: z.infer<typeof NewPlaylist>) {
  const playlist = newPlaylist(c.var.user.id, body, Date.now());
  checkVisibility(playlist);
  await c.var.db.createPlaylist(playlist);
  const details = await c.var.db.findPlaylist(playlist.id);
  if (!details) throw new ApiError(500, "internal_error", "The new playlist could not be read back.");
  const tracks = pagingObject([], {
    href: `${originOf(c)}/v1/playlists/${playlist.id}/tracks`,
    limit: ITEMS_PAGE,
    offset: 0,
    total: 0,
  });
  c.header("location", `${originOf(c)}/v1/playlists/${playlist.id}`);
  return c.json(playlistObject(details, tracks, originOf(c), await coverSig(c, details)), 201);
}

/** `/v1/playlists/{id}…`: Spotify's playlist endpoints. */
export const playlistsApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/:id", validate("query", ReadQuery), async (c) => {
    const query = c.req.valid("query");
    const page = { limit: ITEMS_PAGE, offset: 0 };
    const { access, page: items } = await openWithItems(c, page, query.share_token);
    const { details } = access;
    const tracks = await itemsPage(c, details, items, page, query.market);
    const body = playlistObject(details, tracks, originOf(c), await coverSig(c, details));
    return filtered(c, body, query.fields);
  })
  .put("/:id", validate("json", ChangeDetails), async (c) => {
    const body = c.req.valid("json");
    const access = await open(c);
    requireOwner(access);
    const { playlist } = access.details;
    const next = {
      public: body.public ?? (body.collaborative ? false : playlist.public),
      collaborative: body.collaborative ?? playlist.collaborative,
    };
    checkVisibility(next);
    const changed = Object.fromEntries(
      Object.entries({ ...body, ...next }).filter(
        ([key, value]) => playlist[key as keyof typeof playlist] !== value,
      ),
    );
    if (Object.keys(changed).length > 0) {
      // Ending collaboration also ends the invite link: nobody joins a playlist they cannot edit.
      const invite = next.collaborative ? {} : { inviteToken: null };
      await c.var.db.updatePlaylist(
        playlist.id,
        { ...changed, ...invite },
        {
          userId: c.var.user.id,
          nowMs: Date.now(),
          activity: changed,
        },
      );
      announce(c, access.details, "details", playlist.snapshotId);
    }
    return c.body(null, 200);
  })
  .get("/:id/tracks", validate("query", ItemsQuery), async (c) => {
    const query = c.req.valid("query");
    const page = { limit: query.limit, offset: query.offset };
    const { access, page: items } = await openWithItems(c, page, query.share_token);
    return filtered(c, await itemsPage(c, access.details, items, page, query.market), query.fields);
  })
  .post("/:id/tracks", validate("query", AddQuery), validate("json", AddItems.default({})), async (c) => {
    const query = c.req.valid("query");
    const body = c.req.valid("json");
    const uris = body.uris ?? query.uris;
    if (!uris) throw new ApiError(400, "invalid_request", "Name the items to add in uris (body or query).");
    const access = await open(c);
    requireEditor(access);
    const tracks = await resolveItemUris(c.var.db, uris);
    const position = body.position ?? query.position;
    const snapshot = await applyItems(c, access, {
      kind: "add",
      trackIds: tracks.map((track) => track.id),
      position,
    });
    return c.json({ snapshot_id: snapshot }, 201);
  })
  .put("/:id/tracks", validate("json", ReorderOrReplace), async (c) => {
    const body = c.req.valid("json");
    const access = await open(c);
    requireEditor(access);
    if ("uris" in body) {
      const tracks = await resolveItemUris(c.var.db, body.uris);
      const trackIds = tracks.map((track) => track.id);
      return c.json({ snapshot_id: await applyItems(c, access, { kind: "replace", trackIds }) }, 201);
    }
    const snapshot = await applyItems(c, access, {
      kind: "reorder",
      rangeStart: body.range_start,
      rangeLength: body.range_length,
      insertBefore: body.insert_before,
      snapshotId: body.snapshot_id,
    });
    return c.json({ snapshot_id: snapshot });
  })
  .delete("/:id/tracks", validate("json", RemoveItems), async (c) => {
    const body = c.req.valid("json");
    const access = await open(c);
    requireEditor(access);
    const tracks = body.tracks.map((track) => ({
      trackId: parseItemUri(track.uri).id,
      positions: track.positions,
    }));
    return c.json({
      snapshot_id: await applyItems(c, access, { kind: "remove", tracks, snapshotId: body.snapshot_id }),
    });
  })
  .get("/:id/images", async (c) => {
    const { details } = await open(c, c.req.query("share_token"));
    return c.json(playlistObject(details, null, originOf(c), await coverSig(c, details)).images);
  })
  .put("/:id/followers", validate("json", Follow), async (c) => {
    const { details } = await open(c);
    await c.var.db.followPlaylist(details.playlist.id, c.var.user.id, {
      public: c.req.valid("json").public,
      nowMs: Date.now(),
    });
    return c.body(null, 200);
  })
  .delete("/:id/followers", async (c) => {
    const { details } = await open(c);
    await c.var.db.unfollowPlaylist(details.playlist.id, c.var.user.id);
    return c.body(null, 200);
  })
  .get("/:id/followers/contains", validate("query", FollowersQuery), async (c) => {
    const { details } = await open(c);
    const ids = c.req.valid("query").ids ?? [c.var.user.id];
    const follows = await c.var.db.findPlaylistFollows(details.playlist.id, ids);
    // A private follow shows only to the follower.
    return c.json(
      ids.map((id) => {
        const follow = follows.get(id);
        return follow !== undefined && (follow.public || id === c.var.user.id);
      }),
    );
  });

const CreateUserPlaylist = NewPlaylist;

/** `/v1/me/playlists`: the caller's playlists (owned and followed), and creating one. */
export const myPlaylistsApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", validate("query", pageQuery), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const { items, total } = await c.var.db.listPlaylistsOf(c.var.user.id, {
      publicOnly: false,
      limit,
      offset,
    });
    return c.json(pagingObject(await simplified(c, items), { href: c.req.url, limit, offset, total }));
  })
  .post("/", validate("json", CreateUserPlaylist), (c) => createFor(c, c.req.valid("json")));

/** `/v1/users/{id}/playlists`: a user's public playlists, and creating one as that user (only yourself). */
export const userPlaylistsApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/:userId/playlists", validate("query", pageQuery), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const userId = c.req.param("userId");
    const self = userId === c.var.user.id;
    if (!self && !(await c.var.db.findUserById(userId))) {
      throw new ApiError(404, "not_found", `No user ${toUri("user", userId)}.`);
    }
    const { items, total } = await c.var.db.listPlaylistsOf(userId, { publicOnly: !self, limit, offset });
    return c.json(pagingObject(await simplified(c, items), { href: c.req.url, limit, offset, total }));
  })
  .post("/:userId/playlists", validate("json", CreateUserPlaylist), async (c) => {
    if (c.req.param("userId") !== c.var.user.id) {
      throw new ApiError(403, "forbidden", "You can only create playlists for yourself.");
    }
    return createFor(c, c.req.valid("json"));
  });

/** `GET /v1/browse/categories/{id}/playlists`: public playlists rich in a genre. */
export const categoryPlaylistsApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/:id/playlists", validate("query", pageQuery), async (c) => {
    const { limit, offset } = c.req.valid("query");
    const genre = await c.var.db.findBrowsableGenre(c.req.param("id"));
    if (!genre) throw new ApiError(404, "not_found", `No category ${c.req.param("id")}.`);
    const { items, total } = await c.var.db.listGenrePlaylists(genre.id, { limit, offset });
    return c.json({
      message: genre.name,
      playlists: pagingObject(await simplified(c, items), { href: c.req.url, limit, offset, total }),
    });
  });

/** A link's URL on the public origin. */
function linkUrl(c: Context<AppEnv>, id: string, param: "token" | "invite", token: string): string {
  const url = new URL(`${originOf(c)}/share/playlist/${id}`);
  url.searchParams.set(param, token);
  return url.toString();
}

/**
 * The two links an owner hands out: the invite makes whoever follows it a collaborator (only
 * on a collaborative playlist); the unlisted link lets anyone read a private playlist.
 */
const LINKS = {
  invite: { column: "inviteToken", param: "invite" },
  share: { column: "shareToken", param: "token" },
} as const;

function notCollaborative(): ApiError {
  return new ApiError(
    409,
    "not_collaborative",
    "Make the playlist collaborative first (PUT collaborative: true).",
  );
}

/** Creates a link (or answers the existing one), for the owner. */
async function createLink(c: Context<AppEnv>, kind: keyof typeof LINKS) {
  const access = await open(c);
  requireOwner(access);
  const { playlist } = access.details;
  if (kind === "invite" && !playlist.collaborative) throw notCollaborative();
  // A public playlist needs no secret to be read.
  if (kind === "share" && playlist.public) {
    return c.json({ token: null, url: `${originOf(c)}/share/playlist/${playlist.id}` });
  }
  const { column, param } = LINKS[kind];
  const token = playlist[column] ?? newId();
  if (!playlist[column]) {
    await c.var.db.updatePlaylist(
      playlist.id,
      { [column]: token },
      { userId: c.var.user.id, nowMs: Date.now() },
    );
  }
  return c.json({ token, url: linkUrl(c, playlist.id, param, token) });
}

/** Revokes a link: whoever holds it loses what it gave (collaborators already added stay). */
async function revokeLink(c: Context<AppEnv>, kind: keyof typeof LINKS) {
  const access = await open(c);
  requireOwner(access);
  const { column } = LINKS[kind];
  await c.var.db.updatePlaylist(
    access.details.playlist.id,
    { [column]: null },
    { userId: c.var.user.id, nowMs: Date.now() },
  );
  return c.body(null, 204);
}

/**
 * `/api/playlists/{id}…`: what Spotify's public API lacks — deleting, collaborators, invite
 * and unlisted links, and the activity log.
 */
export const playlistAdminApp = new Hono<AppEnv>()
  .use(requireUser)
  .post("/join", validate("json", JoinBody), async (c) => {
    const playlist = await c.var.db.findPlaylistByInviteToken(c.req.valid("json").token);
    if (!playlist?.collaborative) {
      throw new ApiError(404, "invalid_invite", "That invite link is not valid (any more).");
    }
    if (playlist.ownerId !== c.var.user.id) {
      await c.var.db.addCollaborator(playlist.id, c.var.user.id, {
        byUserId: c.var.user.id,
        nowMs: Date.now(),
      });
    }
    return c.json({ playlist_id: playlist.id, uri: toUri("playlist", playlist.id) });
  })
  .delete("/:id", async (c) => {
    const access = await open(c);
    requireOwner(access);
    await c.var.db.deletePlaylist(access.details.playlist.id);
    return c.body(null, 204);
  })
  .get("/:id/collaborators", async (c) => {
    const access = await open(c);
    if (access.role === "viewer")
      throw new ApiError(403, "forbidden", "Only the owner and collaborators see this.");
    const users = await c.var.db.listCollaborators(access.details.playlist.id);
    return c.json({ collaborators: users.map((user) => userReference(user, originOf(c))) });
  })
  .post("/:id/collaborators", validate("json", AddCollaborator), async (c) => {
    const access = await open(c);
    requireOwner(access);
    const { playlist } = access.details;
    if (!playlist.collaborative) throw notCollaborative();
    const userId = c.req.valid("json").user_id;
    if (userId === playlist.ownerId)
      throw new ApiError(400, "invalid_request", "The owner is not a collaborator.");
    const user = await c.var.db.findUserById(userId);
    if (!user) throw new ApiError(404, "not_found", `No user ${toUri("user", userId)}.`);
    const added = await c.var.db.addCollaborator(playlist.id, userId, {
      byUserId: c.var.user.id,
      nowMs: Date.now(),
    });
    if (added) announce(c, access.details, "collaborator_added", playlist.snapshotId);
    return c.json(userReference(user, originOf(c)), added ? 201 : 200);
  })
  .delete("/:id/collaborators/:userId", async (c) => {
    const access = await open(c);
    const userId = c.req.param("userId");
    // The owner removes anyone; a collaborator may leave.
    if (access.role !== "owner" && userId !== c.var.user.id) requireOwner(access);
    const removed = await c.var.db.removeCollaborator(access.details.playlist.id, userId, {
      byUserId: c.var.user.id,
      nowMs: Date.now(),
    });
    if (!removed) throw new ApiError(404, "not_found", "That user is not a collaborator.");
    announce(c, access.details, "collaborator_removed", access.details.playlist.snapshotId);
    return c.body(null, 204);
  })
  // Whether each item is in the playlist already (the player warns before adding a duplicate).
  .get("/:id/contains", validate("query", ContainsQuery), async (c) => {
    const { uris, share_token } = c.req.valid("query");
    const { details } = await open(c, share_token);
    const ids = uris.map((uri) => parseItemUri(uri).id);
    const held = new Set(
      (await c.var.db.findPlaylistItemsOf(details.playlist.id, unique(ids))).map((item) => item.trackId),
    );
    return c.json(ids.map((id) => held.has(id)));
  })
  .post("/:id/invite-link", (c) => createLink(c, "invite"))
  .delete("/:id/invite-link", (c) => revokeLink(c, "invite"))
  .post("/:id/share-link", (c) => createLink(c, "share"))
  .delete("/:id/share-link", (c) => revokeLink(c, "share"))
  .get("/:id/activity", validate("query", pageQuery), async (c) => {
    const access = await open(c);
    if (access.role === "viewer")
      throw new ApiError(403, "forbidden", "Only the owner and collaborators see the activity.");
    const { limit, offset } = c.req.valid("query");
    const { items, total } = await c.var.db.listPlaylistActivity(access.details.playlist.id, {
      limit,
      offset,
    });
    return c.json(
      pagingObject(
        items.map((entry) => activityEntry(entry, originOf(c))),
        { href: c.req.url, limit, offset, total },
      ),
    );
  });
