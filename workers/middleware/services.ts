import { createMiddleware } from "hono/factory";
import { openCatalog } from "../db/open-catalog.ts";
import type { AppEnv } from "../env.ts";
import { readConfig } from "../env.ts";

/** Puts the request id, the validated config and the catalog database (D1 or Neon) on the context. */
export const services = createMiddleware<AppEnv>(async (c, next) => {
  c.set("requestId", c.req.header("cf-ray") ?? crypto.randomUUID());
  c.set("config", readConfig(c.env));
  const catalog = openCatalog(c.env);
  c.set("db", catalog.db);
  try {
    await next();
  } finally {
    // After the response too: `waitUntil` work started by the handler may still be querying.
    c.executionCtx.waitUntil(catalog.close());
  }
});
