import { getRandom } from "@cloudflare/containers";
import type { ProbeResult } from "../../transcoder/protocol.ts";
import type { Config } from "../env.ts";

/** How many container instances share transcode work in production (matches wrangler.toml scale). */
const CONTAINER_INSTANCES = 4;

/** What the transcoder found when it decoded an upload. */
export type { ProbeResult };

/**
 * Sends a request to the transcoder: the local Node process when TRANSCODER_URL is set
 * (`npm run dev`, tests), else a Cloudflare Container instance.
 */
export async function callTranscoder(
  env: Env,
  config: Config,
  path: string,
  init: RequestInit,
): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${config.TRANSCODER_TOKEN}`);
  if (config.TRANSCODER_URL) {
    return fetch(new URL(path, config.TRANSCODER_URL), { ...init, headers });
  }
  const container = await getRandom(env.TRANSCODER as never, CONTAINER_INSTANCES);
  return (container as unknown as Fetcher).fetch(
    new Request(`http://transcoder${path}`, { ...init, headers }),
  );
}

/** Decodes the whole upload with ffmpeg to tell a playable file from a truncated or corrupt one. */
export async function probeAudio(
  env: Env,
  config: Config,
  bytes: Uint8Array,
  filename: string,
): Promise<ProbeResult> {
  const response = await callTranscoder(env, config, "/probe", {
    method: "POST",
    headers: { "content-type": "application/octet-stream", "x-filename": encodeURIComponent(filename) },
    body: bytes,
  });
  if (!response.ok) throw new Error(`transcoder probe answered ${response.status}: ${await response.text()}`);
  return response.json<ProbeResult>();
}

/** Runs a transcode job to its end. Returns the final status; throws on a transient failure. */
export async function dispatchJob(env: Env, config: Config, jobId: string): Promise<"succeeded" | "failed"> {
  const response = await callTranscoder(env, config, "/jobs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ job_id: jobId }),
  });
  if (!response.ok) throw new Error(`transcoder answered ${response.status}: ${await response.text()}`);
  const { status } = await response.json<{ status: "succeeded" | "failed" }>();
  return status;
}
