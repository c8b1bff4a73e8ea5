import { describe, expect, it } from "vitest";
import { readConfig } from "./config.ts";

describe("readConfig", () => {
  it("applies the local defaults", () => {
    expect(readConfig({ WORKER_URL: "http://127.0.0.1:8787", TRANSCODER_TOKEN: "t" })).toEqual({
      workerUrl: "http://127.0.0.1:8787",
      token: "t",
      host: "127.0.0.1",
      port: 8788,
      concurrency: 1,
    });
  });

  it("reads the container's host, port and concurrency", () => {
    const env = { WORKER_URL: "https://w.example", TRANSCODER_TOKEN: "t", TRANSCODER_HOST: "0.0.0.0" };
    expect(readConfig({ ...env, TRANSCODER_PORT: "8080", TRANSCODER_CONCURRENCY: "2" })).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      concurrency: 2,
    });
  });

  it("refuses to start listing every missing or bad setting", () => {
    expect(() => readConfig({ TRANSCODER_CONCURRENCY: "0" })).toThrow(
      /cannot start:\n {2}- WORKER_URL is not set.*\n {2}- TRANSCODER_TOKEN is not set.*\n {2}- TRANSCODER_CONCURRENCY/,
    );
  });
});
