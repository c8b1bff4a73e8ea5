import { withCatalog } from "../db/open-catalog.ts";

/**
 * A counted play (a listen of ≥ 30 s) on its way to the catalog's counts, or an ad heard to its
 * end on its way to the ad's impressions.
 */
export interface PlayMessage {
  /** Absent on messages sent before ads existed: a play. */
  kind?: "play" | "ad_impression";
  event_id: string;
  user_id: string;
  track_id: string;
  /** Epoch ms. */
  played_at: number;
}

/**
 * Plays queue consumer: adds each play to its track's count and its user's affinity for the
 * artist, and each ad impression to its ad. Counting is idempotent per event, so at-least-once
 * delivery never counts twice.
 */
export async function consumePlaysQueue(batch: MessageBatch<PlayMessage>, env: Env): Promise<void> {
  await withCatalog(env, async (db) => {
    for (const message of batch.messages) {
      const { kind, event_id, user_id, track_id, played_at } = message.body;
      const event = { eventId: event_id, userId: user_id, trackId: track_id, playedAt: played_at };
      try {
        if (kind === "ad_impression") await db.countAdImpression(event);
        else await db.countPlay(event);
        message.ack();
      } catch (err) {
        console.warn(`play ${event_id} not counted yet (${(err as Error).message}); retrying`);
        message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts) });
      }
    }
  });
}
