import type { EncodeDescription, StartedJob } from "./protocol.ts";

/** The Worker's `/internal` endpoints as the transcoder uses them (docs/transcoder-protocol.md). */
export interface WorkerClient {
  /** Starts an attempt: a fresh `encode_id`, or `status: "succeeded"` when the job is done. */
  start(jobId: string): Promise<StartedJob>;
  /** The original's bytes. */
  fetchOriginal(key: string): Promise<ReadableStream<Uint8Array>>;
  /** Reports progress in 0..1 for this attempt. */
  reportProgress(jobId: string, encodeId: string, progress: number): Promise<void>;
  /** Writes one rendition object (`audio/{track}/{encode}/{rendition}/{file}`). */
  putObject(key: string, body: Uint8Array<ArrayBuffer>): Promise<void>;
  /** Publishes the encode; only after every object it lists was written. */
  publish(jobId: string, description: EncodeDescription): Promise<void>;
  /** Marks the job permanently failed. */
  fail(jobId: string, encodeId: string, error: string): Promise<void>;
}

/**
 * A Worker call that did not succeed. `status` is the HTTP status, or undefined when the Worker
 * could not be reached. The message says what to do about it.
 */
export class WorkerCallError extends Error {
  override name = "WorkerCallError";
  readonly status: number | undefined;
  constructor(message: string, status: number | undefined) {
    super(message);
    this.status = status;
  }
}

export interface WorkerClientOptions {
  /** Base URL of the Worker, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** Shared secret sent as `Authorization: Bearer …`. */
  token: string;
  fetch?: typeof globalThis.fetch;
  /** Per-call timeout for JSON calls, in milliseconds. */
  callTimeoutMs?: number;
  /** Per-call timeout for object transfers (originals, segments), in milliseconds. */
  transferTimeoutMs?: number;
}

function hintFor(status: number): string {
  if (status === 401)
    return "TRANSCODER_TOKEN must equal the Worker's TRANSCODER_TOKEN (.dev.vars or wrangler secret)";
  if (status === 403 || status === 409)
    return "this attempt's encode_id is no longer current: another attempt took over the job";
  if (status >= 500) return "see the Worker's log; the Queue retries the job";
  return "the Worker and transcoder may disagree on docs/transcoder-protocol.md";
}

/** A WorkerClient over `fetch` with the bearer token. Every failed call throws WorkerCallError. */
export function createWorkerClient(options: WorkerClientOptions): WorkerClient {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? globalThis.fetch;

  async function call(method: string, path: string, body: BodyInit | undefined, timeoutMs: number) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
    if (typeof body === "string") headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new WorkerCallError(
        `cannot reach the Worker at ${base} (${method} ${path}: ${cause}): is \`wrangler dev\` running, and is WORKER_URL right?`,
        undefined,
      );
    }
    if (!response.ok) {
      const text = (await response.text().catch(() => "")).slice(0, 300);
      throw new WorkerCallError(
        `the Worker answered ${response.status} to ${method} ${path}: ${text || response.statusText} (${hintFor(response.status)})`,
        response.status,
      );
    }
    return response;
  }

  /** A call whose answer carries nothing we need: read it so the connection is reused. */
  async function send(method: string, path: string, body: BodyInit, timeoutMs: number): Promise<void> {
    await (await call(method, path, body, timeoutMs)).arrayBuffer();
  }

  const json = (value: unknown) => JSON.stringify(value);
  const jobPath = (jobId: string, step: string) => `/internal/jobs/${encodeURIComponent(jobId)}/${step}`;
  const objectPath = (key: string) => `/internal/objects/${key.split("/").map(encodeURIComponent).join("/")}`;
  const callTimeout = options.callTimeoutMs ?? 30_000;
  const transferTimeout = options.transferTimeoutMs ?? 600_000;

  return {
    async start(jobId) {
      const response = await call("POST", jobPath(jobId, "start"), "{}", callTimeout);
      return (await response.json()) as StartedJob;
    },
    async fetchOriginal(key) {
      const response = await call("GET", objectPath(key), undefined, transferTimeout);
      if (!response.body) throw new WorkerCallError(`the Worker sent no body for ${key}`, response.status);
      return response.body;
    },
    async reportProgress(jobId, encodeId, progress) {
      const body = json({ encode_id: encodeId, progress });
      await send("POST", jobPath(jobId, "progress"), body, callTimeout);
    },
    async putObject(key, body) {
      await send("PUT", objectPath(key), body, transferTimeout);
    },
    async publish(jobId, description) {
      await send("POST", jobPath(jobId, "publish"), json(description), callTimeout);
    },
    async fail(jobId, encodeId, error) {
      // The Worker keeps at most 2000 characters of the reason.
      const body = json({ encode_id: encodeId, error: error.slice(0, 2000) });
      await send("POST", jobPath(jobId, "fail"), body, callTimeout);
    },
  };
}
