import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readConfig } from "./env.ts";

/** The test environment with some vars changed (the generated Env types them as literals). */
const withVars = (vars: Record<string, string>) => ({ ...env, ...vars }) as unknown as Env;

describe("readConfig", () => {
  it("accepts the local development secrets in dev", () => {
    expect(readConfig(env).ENVIRONMENT).toBe("dev");
  });

  it("refuses to run staging or production with the published local secrets", () => {
    for (const ENVIRONMENT of ["staging", "production"]) {
      expect(() => readConfig(withVars({ ENVIRONMENT }))).toThrow(
        /JWT_SECRET still has its local development value/,
      );
    }
  });

  it("names every missing or malformed setting", () => {
    expect(() => readConfig(withVars({ SIGNING_KEY: "short", MAX_UPLOAD_BYTES: "lots" }))).toThrow(
      /SIGNING_KEY: .*; MAX_UPLOAD_BYTES/,
    );
  });
});
