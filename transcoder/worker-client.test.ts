import { describe, expect, it } from "vitest";
import { createWorkerClient, WorkerCallError } from "./worker-client.ts";

type Seen = { url: string; method: string; headers: Headers; body: unknown };

function clientAnswering(answer: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    const request = {
      url: String(url),
      method: init?.method ?? "GET",
      headers: new Headers(init?.headers),
      body: init?.body,
    };
    seen.push(request);
    return answer(request);
  }) as typeof globalThis.fetch;
  return { client: createWorkerClient({ baseUrl: "http://worker.test/", token: "secret", fetch }), seen };
}

describe("createWorkerClient", () => {
  it("sends the bearer token and the protocol's paths and bodies", async () => {
    const started = {
      status: "queued",
      track_id: "t",
      original_key: "originals/t/u",
      encode_id: "e",
      kind: "music",
    };
    const { client, seen } = clientAnswering((s) =>
      s.url.endsWith("/start") ? Response.json(started) : new Response("ok"),
    );

    expect(await client.start("j 1")).toEqual(started);
    await client.reportProgress("j", "e", 0.5);
    await client.putObject("audio/t/e/low/0.m4s", new Uint8Array([1, 2]));
    await client.fail("j", "e", "not audio");

    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      "POST http://worker.test/internal/jobs/j%201/start",
      "POST http://worker.test/internal/jobs/j/progress",
      "PUT http://worker.test/internal/objects/audio/t/e/low/0.m4s",
      "POST http://worker.test/internal/jobs/j/fail",
    ]);
    expect(seen.every((s) => s.headers.get("authorization") === "Bearer secret")).toBe(true);
    expect(JSON.parse(String(seen[1]?.body))).toEqual({ encode_id: "e", progress: 0.5 });
    expect(JSON.parse(String(seen[3]?.body))).toEqual({ encode_id: "e", error: "not audio" });
  });

  it("says to start wrangler dev when the Worker is unreachable", async () => {
    const fetch = (async () => {
      throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
    }) as typeof globalThis.fetch;
    const client = createWorkerClient({ baseUrl: "http://127.0.0.1:8787", token: "t", fetch });
    await expect(client.start("j")).rejects.toThrow(
      /cannot reach the Worker at http:\/\/127.0.0.1:8787 .*ECONNREFUSED.*is `wrangler dev` running/,
    );
  });

  it("says which token to fix on 401", async () => {
    const { client } = clientAnswering(() => new Response("unauthorized", { status: 401 }));
    await expect(client.start("j")).rejects.toThrow(/401 .*TRANSCODER_TOKEN must equal the Worker's/);
  });

  it("carries the status of a 5xx so the caller can retry", async () => {
    const { client } = clientAnswering(() => new Response("boom", { status: 503 }));
    const error = await client.publish("j", {} as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCallError);
    expect((error as WorkerCallError).status).toBe(503);
    expect((error as Error).message).toMatch(/the Queue retries the job/);
  });
});
