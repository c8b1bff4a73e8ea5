import { z } from "zod";
import type { CatalogDb } from "./db/catalog-db.ts";
import type { AuthUser } from "./services/auth/access-token.ts";

/** Hono's environment for every sub-app: the generated bindings plus per-request services. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: Config;
    db: CatalogDb;
    user: AuthUser;
  };
};

const DEV_DEFAULT_MARKER = "local-dev-";

const ConfigSchema = z.object({
  ENVIRONMENT: z.enum(["dev", "staging", "production"]),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters"),
  SIGNING_KEY: z.string().min(32, "SIGNING_KEY must be at least 32 characters"),
  TRANSCODER_TOKEN: z.string().min(32, "TRANSCODER_TOKEN must be at least 32 characters"),
  TRANSCODER_URL: z.string().url().optional(),
  PUBLIC_URL: z.string().url(),
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive(),
  STREAM_URL_TTL_SECONDS: z.coerce.number().int().positive(),
  /** How long a playing device whose last connection closed has to come back before the player pauses, s. */
  PLAYER_DISCONNECT_GRACE_SECONDS: z.coerce.number().nonnegative().default(15),
  /** Where the catalog lives: D1 (the `DB` binding) or Neon Postgres at `DATABASE_URL`. */
  CATALOG_BACKEND: z.enum(["d1", "neon"]).default("d1"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// connection string")
    .optional(),
  /** Local runs only: `host:port` of scripts/pg-ws-proxy.ts, through which the Neon driver reaches a local PostgreSQL. */
  NEON_LOCAL_PROXY: z.string().optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

let cached: { source: Env; config: Config } | undefined;

/**
 * Validates vars and secrets once per isolate. Outside `dev`, the local defaults from
 * `.dev.vars.example` are refused so a deploy can never run with published keys.
 */
export function readConfig(env: Env): Config {
  if (cached?.source === env) return cached.config;
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration (${issues}). Set secrets with \`wrangler secret put\`.`);
  }
  const config = parsed.data;
  if (config.CATALOG_BACKEND === "neon" && !config.DATABASE_URL) {
    throw new Error(
      "CATALOG_BACKEND is neon but DATABASE_URL is not set: `wrangler secret put DATABASE_URL` (or set it in .dev.vars).",
    );
  }
  if (config.ENVIRONMENT !== "dev") {
    for (const key of ["JWT_SECRET", "SIGNING_KEY", "TRANSCODER_TOKEN"] as const) {
      if (config[key].startsWith(DEV_DEFAULT_MARKER)) {
        throw new Error(`${key} still has its local development value; run \`wrangler secret put ${key}\`.`);
      }
    }
  }
  cached = { source: env, config };
  return config;
}
