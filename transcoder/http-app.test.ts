import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ProbeResult } from "./check-decodable.ts";
import { createRequestListener } from "./http-app.ts";
import { createLimiter } from "./limiter.ts";
import type { JobOutcome } from "./run-job.ts";

let server: Server | undefined;

const probed: Array<{ filename: string; body: string }> = [];

/** Stands in for the ffmpeg check: the body "audio" is playable, anything else is not. */
async function probe(body: AsyncIterable<Buffer>, filename: string): Promise<ProbeResult> {
  let text = "";
  for await (const chunk of body) text += chunk;
  probed.push({ filename, body: text });
  return text === "audio"
    ? { ok: true, duration_ms: 1000, codec: "flac", sample_rate: 44100, channels: 2, bit_depth: 16 }
    : { ok: false, reason: "undecodable", message: "not audio" };
}

async function serve(runJob: (jobId: string) => Promise<JobOutcome>, concurrency = 1) {
  const listener = createRequestListener({
    token: "secret",
    runJob,
    limiter: createLimiter(concurrency),
    probe,
    probeLimiter: createLimiter(2),
    log: () => {},
  });
  server = createServer(listener);
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

function postJob(base: string, body: unknown, token = "secret") {
  return fetch(`${base}/jobs`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe("transcoder HTTP app", () => {
  it("answers GET /healthz without a token", async () => {
    const base = await serve(async () => "succeeded");
    const response = await fetch(`${base}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("runs the job and answers with its outcome", async () => {
    const ran: string[] = [];
    const base = await serve(async (jobId) => {
      ran.push(jobId);
      return "failed";
    });
    const response = await postJob(base, { job_id: "j1" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "failed" });
    expect(ran).toEqual(["j1"]);
  });

  it("answers 500 with the error when the job throws, so the Queue retries", async () => {
    const base = await serve(async () => {
      throw new Error("cannot reach the Worker");
    });
    const response = await postJob(base, { job_id: "j1" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "cannot reach the Worker" });
  });

  it("rejects a missing or wrong bearer token with 401 and runs nothing", async () => {
    const ran: string[] = [];
    const base = await serve(async (jobId) => {
      ran.push(jobId);
      return "succeeded";
    });
    expect((await postJob(base, { job_id: "j1" }, "wrong")).status).toBe(401);
    expect((await fetch(`${base}/jobs`, { method: "POST", body: '{"job_id":"j1"}' })).status).toBe(401);
    expect(ran).toEqual([]);
  });

  it("rejects a body without job_id with 400", async () => {
    const base = await serve(async () => "succeeded");
    expect((await postJob(base, { id: "j1" })).status).toBe(400);
    expect((await postJob(base, "not an object")).status).toBe(400);
  });

  it("runs one job at a time; the next request waits for its turn", async () => {
    const events: string[] = [];
    const base = await serve(async (jobId) => {
      events.push(`start ${jobId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      events.push(`end ${jobId}`);
      return "succeeded";
    });
    const responses = await Promise.all([postJob(base, { job_id: "a" }), postJob(base, { job_id: "b" })]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect(events).toEqual(["start a", "end a", "start b", "end b"]);
  });

  it("probes an upload's body and answers the verdict", async () => {
    const base = await serve(async () => "succeeded");
    const post = (body: string, token = "secret") =>
      fetch(`${base}/probe`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "x-filename": encodeURIComponent("Süß mix.flac") },
        body,
      });
    const good = await post("audio");
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ ok: true, duration_ms: 1000 });
    expect(await (await post("junk")).json()).toMatchObject({ ok: false, reason: "undecodable" });
    expect(probed.at(-1)).toEqual({ filename: "Süß mix.flac", body: "junk" });
    expect((await post("audio", "wrong")).status).toBe(401);
  });

  it("answers 404 for unknown paths", async () => {
    const base = await serve(async () => "succeeded");
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
