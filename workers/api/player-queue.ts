import { Hono } from "hono";
import { z } from "zod";
import type { Outcome, QueueView } from "../../durable-objects/user-session/protocol.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { validate } from "../validation.ts";
import { originOf } from "./browse.ts";
import { itemObject } from "./player.ts";

/** How many queued items one answer shapes (positions past it are counted in `queue_total`). */
const MAX_QUEUE_SHOWN = 100;
/** How many of the context's next tracks one answer shows. */
const MAX_CONTEXT_SHOWN = 50;

const position = z.coerce.number().int().min(0).max(100_000);
/** A track or episode URI whose id must be the one at the position (guards against a queue that moved on). */
const expectedUri = z
  .string()
  .max(200)
  .regex(/^[a-z]+:(track|episode):[A-Za-z0-9_-]+$/, "must be a track or episode URI");

const RemoveQuery = z.object({ position, uri: expectedUri.optional() });
const index = z.number().int().min(0).max(100_000);
const MoveBody = z.strictObject({
  range_start: index,
  insert_before: index,
  range_length: z.number().int().min(1).max(100_000).default(1),
  uri: expectedUri.optional(),
});

function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message, outcome.retry_after);
  return outcome.value;
}

const idOf = (uri: string | undefined) => uri?.split(":")[2];

/**
 * `/api/player/queue`: the queue as the listener edits it, which Spotify's `GET
 * /v1/me/player/queue` cannot show (it mixes queued tracks with the context's). `GET` answers
 * `{currently_playing, ad_playing, queue: [{position, track}], queue_total, context_uri,
 * next_from_context: [track]}`; `DELETE ?position=&uri=` removes one queued item; `PUT
 * {range_start, insert_before, range_length?, uri?}` moves items, with positions as in Spotify's
 * playlist reorder. Both answer with the new queue; `uri`, when sent, must name the item at the
 * position (409 `queue_changed` otherwise). Any of the user's devices may edit the queue.
 */
export const playerQueueApp = new Hono<AppEnv>()
  .use(requireUser)
  .get("/", async (c) => {
    const view = await c.env.USER_SESSION.getByName(c.var.user.id).getQueue(Date.now(), MAX_CONTEXT_SHOWN);
    return c.json(await queueObject(c.var.db, view, originOf(c), c.var.user.country));
  })
  .delete("/", validate("query", RemoveQuery), async (c) => {
    const { position, uri } = c.req.valid("query");
    const session = c.env.USER_SESSION.getByName(c.var.user.id);
    const view = unwrap(await session.removeFromQueue(position, idOf(uri), Date.now()));
    return c.json(await queueObject(c.var.db, view, originOf(c), c.var.user.country));
  })
  .put("/", validate("json", MoveBody), async (c) => {
    const body = c.req.valid("json");
    const session = c.env.USER_SESSION.getByName(c.var.user.id);
    const view = unwrap(
      await session.moveInQueue(
        {
          rangeStart: body.range_start,
          insertBefore: body.insert_before,
          rangeLength: body.range_length,
          trackId: idOf(body.uri),
        },
        Date.now(),
      ),
    );
    return c.json(await queueObject(c.var.db, view, originOf(c), c.var.user.country));
  });

/** The queue's tracks and episodes as Spotify objects (items no longer in the catalogue left out). */
async function queueObject(
  db: Parameters<typeof itemObject>[0],
  view: QueueView,
  origin: string,
  country: string,
) {
  const queued = view.queued_track_ids.slice(0, MAX_QUEUE_SHOWN);
  const ids = [
    ...new Set([
      ...(view.current_track_id ? [view.current_track_id] : []),
      ...queued,
      ...view.next_from_context_ids,
    ]),
  ];
  const shaped = new Map(
    await Promise.all(ids.map(async (id) => [id, await itemObject(db, id, origin, country)] as const)),
  );
  const shape = (id: string) => shaped.get(id) ?? null;
  return {
    currently_playing: view.current_track_id ? shape(view.current_track_id) : null,
    ad_playing: view.ad_playing,
    queue: queued.flatMap((id, position) => {
      const track = shape(id);
      return track ? [{ position, track }] : [];
    }),
    queue_total: view.queued_track_ids.length,
    context_uri: view.context_uri,
    next_from_context: view.next_from_context_ids.map(shape).filter((t) => t !== null),
  };
}
