import { withCatalog } from "../db/open-catalog.ts";
import { readConfig } from "../env.ts";
import type { TranscodeMessage } from "../services/ingest/ingest-track.ts";
import { dispatchJob } from "../services/transcoder-client.ts";

/** Deliveries of one message before the job is given up (wrangler.toml `max_retries` + 1). */
const MAX_DELIVERIES = 6;

/**
 * Transcode queue consumer: hands each job to the transcoder and waits for its end. A
 * transient failure (transcoder down, Worker unreachable from it) retries with backoff; after
 * the last delivery the job is marked failed so its uploader sees why.
 */
export async function consumeTranscodeQueue(batch: MessageBatch<TranscodeMessage>, env: Env): Promise<void> {
  const config = readConfig(env);
  for (const message of batch.messages) {
    const jobId = message.body.job_id;
    try {
      const status = await dispatchJob(env, config, jobId);
      console.log(`transcode job ${jobId} ${status}`);
      message.ack();
    } catch (err) {
      const reason = (err as Error).message;
      if (message.attempts >= MAX_DELIVERIES) {
        await withCatalog(env, (db) => db.failJob(jobId, `transcoder unavailable: ${reason}`, Date.now()));
        console.error(`transcode job ${jobId} gave up after ${message.attempts} deliveries: ${reason}`);
        message.ack();
      } else {
        console.warn(`transcode job ${jobId} delivery ${message.attempts} failed (${reason}); retrying`);
        message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
      }
    }
  }
}
