import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env.ts";

/**
 * The one error type of the API. `code` is machine-readable and stable; `message` tells the
 * caller what went wrong and, where it can, what to do about it.
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  /** With 429 or 503: seconds after which a retry may succeed (sent as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: ContentfulStatusCode, code: string, message: string, retryAfterSeconds?: number) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Renders every error in the Spotify shape `{"error":{"status","message","code"}}`; logs only 5xx. */
export function renderError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) c.header("retry-after", String(err.retryAfterSeconds));
    return errorResponse(c, err.status, err.code, err.message);
  }
  // Hono's own HTTPException (e.g. from body-limit) carries a status we can trust.
  const status = (err as { status?: unknown }).status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return errorResponse(c, status as ContentfulStatusCode, "bad_request", err.message || "Bad request");
  }
  console.error(`[${c.get("requestId") ?? "-"}] unhandled error`, err);
  return errorResponse(c, 500, "internal_error", "Something went wrong on our side; it has been logged.");
}

export function errorResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
): Response {
  return c.json({ error: { status, message, code } }, status);
}
