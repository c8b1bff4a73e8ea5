import { validator } from "hono/validator";
import type { z } from "zod";
import { ApiError } from "./errors.ts";

type Target = "json" | "query" | "param" | "form";

/**
 * The one validation wrapper: parses a request part with zod and throws a 400 `ApiError`
 * naming every bad field. Schemas decide whether unknown fields are stripped or rejected.
 */
export function validate<Schema extends z.ZodType, T extends Target>(target: T, schema: Schema) {
  return validator(target, (value): z.output<Schema> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues
      .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
      .join("; ");
    throw new ApiError(400, "invalid_request", `Invalid ${target === "json" ? "body" : target}: ${detail}`);
  });
}
