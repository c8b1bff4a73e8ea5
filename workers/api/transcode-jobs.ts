import { Hono } from "hono";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { requireUser } from "../middleware/auth.ts";

/** `/api/transcode/jobs`: progress of an upload's transcode, visible to its uploader and admins. */
export const transcodeJobsApp = new Hono<AppEnv>().get("/:id", requireUser, async (c) => {
  const job = await c.var.db.findJob(c.req.param("id"));
  const user = c.var.user;
  if (!job || (job.createdBy !== user.id && user.role !== "admin")) {
    throw new ApiError(404, "not_found", "No such transcode job.");
  }
  return c.json({
    id: job.id,
    track_id: job.trackId,
    status: job.status,
    progress: job.progress,
    ...(job.error ? { error: job.error } : {}),
    attempts: job.attempts,
    updated_at: new Date(job.updatedAt).toISOString(),
  });
});
