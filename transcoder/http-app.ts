import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { ProbeResult } from "./check-decodable.ts";
import type { Limiter } from "./limiter.ts";
import type { JobOutcome } from "./run-job.ts";

export interface HttpAppDeps {
  /** Bearer token every `POST` must carry. */
  token: string;
  /** Runs one job to its end. */
  runJob: (jobId: string) => Promise<JobOutcome>;
  /** Caps the jobs running at once; the others wait in the request. */
  limiter: Limiter;
  /** Decodes an upload (the request body) to tell playable from undecodable or truncated. */
  probe: (body: IncomingMessage, filename: string) => Promise<ProbeResult>;
  /** Caps the probes running at once, apart from jobs so an upload never waits for a transcode. */
  probeLimiter: Limiter;
  log: (line: string) => void;
}

const MAX_JOB_BODY_BYTES = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function hasToken(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJobId(req: IncomingMessage): Promise<string | undefined> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_JOB_BODY_BYTES) return undefined;
  }
  try {
    const jobId = (JSON.parse(body) as { job_id?: unknown }).job_id;
    return typeof jobId === "string" && jobId.length > 0 && jobId.length <= 200 ? jobId : undefined;
  } catch {
    return undefined;
  }
}

function decodeFilename(header: string | string[] | undefined): string {
  try {
    return decodeURIComponent(String(header ?? ""));
  } catch {
    return "";
  }
}

async function handleJob(req: IncomingMessage, res: ServerResponse, deps: HttpAppDeps): Promise<void> {
  const jobId = await readJobId(req);
  if (!jobId) return send(res, 400, { error: 'body must be JSON {"job_id": "…"}' });
  if (deps.limiter.active > 0) deps.log(`[job ${jobId}] waiting: ${deps.limiter.waiting + 1} job(s) queued`);
  const startedAt = Date.now();
  try {
    const status = await deps.limiter.run(() => deps.runJob(jobId));
    deps.log(`[job ${jobId}] ${status} in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    send(res, 200, { status });
  } catch (error) {
    deps.log(`[job ${jobId}] error (the Queue will retry): ${messageOf(error)}`);
    send(res, 500, { error: messageOf(error) });
  }
}

async function handleProbe(req: IncomingMessage, res: ServerResponse, deps: HttpAppDeps): Promise<void> {
  const filename = decodeFilename(req.headers["x-filename"]);
  try {
    const result = await deps.probeLimiter.run(() => deps.probe(req, filename));
    deps.log(
      `probe ${JSON.stringify(filename)}: ${result.ok ? `ok, ${result.duration_ms} ms` : result.reason}`,
    );
    send(res, 200, result);
  } catch (error) {
    deps.log(`probe ${JSON.stringify(filename)} error: ${messageOf(error)}`);
    send(res, 500, { error: messageOf(error) });
  }
}

/**
 * The transcoder's HTTP surface (docs/transcoder-protocol.md): `GET /healthz`;
 * `POST /jobs {job_id}` that answers when the job has ended: `200 {status}` or `500 {error}`;
 * `POST /probe` with an upload's bytes (`x-filename`: its URI-encoded name) → `200 ProbeResult`.
 */
export function createRequestListener(deps: HttpAppDeps): RequestListener {
  const routes: Record<string, typeof handleJob> = { "/jobs": handleJob, "/probe": handleProbe };
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://transcoder").pathname;
    if (req.method === "GET" && path === "/healthz") return send(res, 200, { ok: true });
    const handle = routes[path];
    if (!handle) return send(res, 404, { error: `no route ${req.method} ${path}` });
    if (req.method !== "POST") return send(res, 405, { error: `use POST ${path}` });
    if (!hasToken(req, deps.token)) return send(res, 401, { error: "missing or wrong bearer token" });
    await handle(req, res, deps);
  };
}
