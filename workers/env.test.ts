import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { readConfig } from "./env.ts";

describe("readConfig", () => {
  it("accepts the local development secrets in dev", () => {
    expect(readConfig(env).ENVIRONMENT).toBe("dev");
  });

  it("refuses to run staging or production with the published local secrets", () => {
    for (const ENVIRONMENT of ["staging", "production"]) {
      expect(() => readConfig({ ...env, ENVIRONMENT })).toThrow(
        /JWT_SECRET still has its local development value/,
      );
    }
  });

  it("names every missing or malformed setting", () => {
    expect(() => readConfig({ ...env, SIGNING_KEY: "short", MAX_UPLOAD_BYTES: "lots" })).toThrow(
      /SIGNING_KEY: .*; MAX_UPLOAD_BYTES/,
    );
  });
});
