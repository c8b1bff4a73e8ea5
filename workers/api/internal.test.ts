import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bearer, call, json, newUser, seedPlayableTrack, service } from "../test/helpers.ts";

async function keysUnder(prefix: string): Promise<string[]> {
  return (await env.MEDIA.list({ prefix })).objects.map((o) => o.key);
}

describe("internal transcoder API", () => {
  it("refuses requests without the service token, including a user's access token", async () => {
    const admin = await newUser({ role: "admin" });
    expect((await call("/internal/jobs/x/start", { method: "POST" })).status).toBe(401);
    expect(
      (await call("/internal/jobs/x/start", bearer(admin.access_token, { method: "POST" }))).status,
    ).toBe(401);
    expect((await call("/internal/objects/originals/a/b", bearer(admin.access_token))).status).toBe(401);
  });

  it("starts a re-delivered job with a fresh encode and removes the abandoned attempt's objects", async () => {
    const { trackId, jobId, encodeId } = await seedPlayableTrack();
    // Published jobs are final: a re-delivery is told so and nothing changes.
    const again = (await (
      await call(`/internal/jobs/${jobId}/start`, service({ method: "POST" }))
    ).json()) as {
      status: string;
      encode_id: string;
    };
    expect(again).toMatchObject({ status: "succeeded", encode_id: encodeId });

    const second = await seedPlayableTrack();
    await env.DB.prepare("UPDATE transcode_jobs SET status = 'running' WHERE id = ?")
      .bind(second.jobId)
      .run();
    const restart = (await (
      await call(`/internal/jobs/${second.jobId}/start`, service({ method: "POST" }))
    ).json()) as {
      encode_id: string;
    };
    expect(restart.encode_id).not.toBe(second.encodeId);
    expect(await keysUnder(`audio/${second.trackId}/${second.encodeId}/`)).toEqual([]);
    expect(trackId).not.toBe(second.trackId);
  });

  it("accepts objects only for a running job's current encode", async () => {
    const { trackId, encodeId } = await seedPlayableTrack();
    // The job has succeeded, so its encode is closed for writing.
    const late = await call(
      `/internal/objects/audio/${trackId}/${encodeId}/low/9.m4s`,
      service({ method: "PUT", body: "x" }),
    );
    expect(late.status).toBe(403);
    const bogus = await call(
      `/internal/objects/audio/${trackId}/${encodeId}/low/../../x`,
      service({ method: "PUT", body: "x" }),
    );
    expect([400, 404]).toContain(bogus.status);
  });

  it("refuses to publish while an object is missing, leaving the track's current encode alone", async () => {
    const first = await seedPlayableTrack();
    await env.DB.prepare("UPDATE transcode_jobs SET status = 'queued' WHERE id = ?").bind(first.jobId).run();
    const start = (await (
      await call(`/internal/jobs/${first.jobId}/start`, service({ method: "POST" }))
    ).json()) as {
      encode_id: string;
    };
    await call(
      `/internal/objects/audio/${first.trackId}/${start.encode_id}/low/init.mp4`,
      service({ method: "PUT", body: "init" }),
    );
    const res = await call(
      `/internal/jobs/${first.jobId}/publish`,
      service(
        json({
          encode_id: start.encode_id,
          duration_ms: 10_000,
          loudness: { integrated_lufs: -14, true_peak_dbtp: -1 },
          renditions: [
            {
              name: "low",
              codec: "opus",
              codecs: "opus",
              bitrate_kbps: 24,
              sample_rate: 48000,
              channels: 2,
              init_size: 4,
              segment_sizes: [100],
              segment_durations_ms: [10_000],
              average_bitrate_bps: 24000,
              peak_bitrate_bps: 24000,
            },
          ],
        }),
      ),
    );
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("objects_missing");
    const track = await env.DB.prepare("SELECT current_encode_id FROM tracks WHERE id = ?")
      .bind(first.trackId)
      .first();
    expect(track?.current_encode_id).toBe(first.encodeId);
  });

  it("rejects progress from a stale attempt", async () => {
    const { jobId } = await seedPlayableTrack();
    const res = await call(
      `/internal/jobs/${jobId}/progress`,
      service(json({ encode_id: "stale", progress: 0.5 })),
    );
    expect(res.status).toBe(409);
  });
});
