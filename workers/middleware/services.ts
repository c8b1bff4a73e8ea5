import { createMiddleware } from "hono/factory";
import { createD1CatalogDb } from "../db/d1-catalog-db.ts";
import type { AppEnv } from "../env.ts";
import { readConfig } from "../env.ts";

/** Puts the request id, the validated config and the catalog database on the context. */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
  c.set("config", readConfig(c.env));
  c.set("db", createD1CatalogDb(c.env.DB));
  await next();
});
