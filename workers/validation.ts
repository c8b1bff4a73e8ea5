import { validator } from "hono/validator";
import { z } from "zod";
import { ApiError } from "./errors.ts";
import { isCountryCode } from "./services/markets.ts";

type Target = "json" | "query" | "param" | "form";

/**
 * The one validation wrapper: parses a request part with zod and throws a 400 `ApiError`
 * naming every bad field. Schemas decide whether unknown fields are stripped or rejected.
 */
export function validate<Schema extends z.ZodType, T extends Target>(target: T, schema: Schema) {
  return validator(target, (value): z.output<Schema> => parseInput(schema, value, target));
}

/** Parses one request part with zod; a 400 `ApiError` names every bad field. For input `validate` cannot reach. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  target: Target,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  throw new ApiError(400, "invalid_request", `Invalid ${target === "json" ? "body" : target}: ${detail}`);
}

/** Spotify's paging query: `limit` 1–50 (default 20) and `offset` from 0 (default 0). */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

/** Spotify's `market`: an ISO 3166-1 alpha-2 code (upper-cased here), or `from_token` for the listener's country. */
export const market = z
  .string()
  .trim()
  .refine((value) => value === "from_token" || isCountryCode(value), {
    message: "must be an ISO 3166-1 alpha-2 country code or from_token",
  })
  .transform((value) => (value === "from_token" ? value : value.toUpperCase()))
  .optional();

/** Spotify's ids in a JSON body: 1 to `max` of them. */
export const idArray = (max: number) =>
  z
    .array(z.string().min(1).max(64, "an id has at most 64 characters"))
    .min(1, "name at least one id")
    .max(max, `at most ${max} ids`);

/** Spotify's `ids` query parameter: a comma-separated list of 1 to `max` ids. */
export const idList = (max: number) =>
  z
    .string()
    .transform((value) =>
      value
        .split(",")
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(idArray(max));
