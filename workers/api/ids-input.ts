import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../errors.ts";
import { idArray, parseInput } from "../validation.ts";

/** `{"ids": […]}`, or the bare array Spotify's TypeScript SDK sends. */
const idsBody = (max: number) =>
  z.preprocess((body) => (Array.isArray(body) ? { ids: body } : body), z.strictObject({ ids: idArray(max) }));

/**
 * The ids a library write names: `ids` from the query when there (Spotify ignores the body
 * then), else the JSON body. An empty body counts as none, as clients send
 * `content-type: application/json` with an empty body beside query ids.
 */
export async function idsOfWrite(
  c: Context<AppEnv>,
  fromQuery: string[] | undefined,
  max: number,
): Promise<string[]> {
  if (fromQuery) return fromQuery;
  const text = await c.req.text();
  if (!text.trim()) {
    throw new ApiError(
      400,
      "invalid_request",
      'Name the ids: `ids` in the query or a JSON body {"ids": […]}.',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_request", "Malformed JSON in request body.");
  }
  return parseInput(idsBody(max), body, "json").ids;
}
