import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Cadenza } from "../e2e/api-client.ts";
import { freePort } from "../scripts/free-port.ts";
import { prepare } from "../scripts/prepare.ts";
import { readDevVars, type Stack, startStack } from "../scripts/stack.ts";
import { writeBenchSong } from "./bench-song.ts";

/** A running local Cadenza with one transcoded track and a premium listener. */
export interface EdgeFixture {
  stack: Stack;
  cadenza: Cadenza;
  /** Access token of a premium listener in the US (lossless allowed, licensed everywhere). */
  listenerToken: string;
  trackId: string;
  /** Scratch directory, deleted by `close`. */
  workDir: string;
  /** Stops the stack and deletes the scratch directory; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the whole local stack (wrangler dev + transcoder, fresh state in a temp dir), creates an
 * artist and a premium listener, uploads a `songSeconds` generated song and waits for its job.
 * On any failure everything started so far is stopped and deleted before it throws.
 */
export async function startEdgeFixture(
  log: (line: string) => void,
  songSeconds: number,
): Promise<EdgeFixture> {
  prepare();
  const workDir = mkdtempSync(join(tmpdir(), "cadenza-bench-edge-"));
  let stack: Stack | undefined;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    await stack?.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void close().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
  try {
    log("starting wrangler dev + transcoder");
    stack = await startStack({
      port: await freePort(),
      transcoderPort: await freePort(),
      persistTo: join(workDir, "state"),
    });
    const cadenza = new Cadenza(stack.url, readDevVars().TRANSCODER_TOKEN as string);
    const artistToken = await cadenza.account("bench-artist@example.com", { role: "artist" });
    const listenerToken = await cadenza.account("bench-listener@example.com", {
      product: "premium",
      country: "US",
    });
    const songPath = join(workDir, "song.flac");
    await writeBenchSong(songPath, songSeconds);
    const res = await cadenza.upload(artistToken, readFileSync(songPath), "bench.flac");
    if (res.status !== 202) throw new Error(`upload → ${res.status}: ${await res.text()}`);
    const { track_id, job_id } = (await res.json()) as { track_id: string; job_id: string };
    const job = await cadenza.waitForJob(artistToken, job_id);
    if (job.status !== "succeeded") throw new Error(`transcode job ${job.status}: ${job.error}`);
    log(`track ${track_id} transcoded`);
    return { stack, cadenza, listenerToken, trackId: track_id, workDir, close };
  } catch (error) {
    const output = stack?.output.slice(-30).join("\n");
    await close();
    if (output && error instanceof Error) error.message += `\n--- stack output ---\n${output}`;
    throw error;
  }
}
