import { spawn } from "node:child_process";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "./free-port.ts";
import { prepare } from "./prepare.ts";
import { ROOT, readDevVars, waitForHealth } from "./stack.ts";

declare module "vitest" {
  export interface ProvidedContext {
    transcoderUrl: string;
  }
}

/**
 * Global setup of the Worker tests: a real transcoder process (real ffmpeg) so uploads are
 * probed for decodability as in production. Its WORKER_URL points nowhere: the Worker tests
 * never run transcode jobs (the end-to-end suite does), so queued jobs just fail to start.
 */
export default async function setup(project: TestProject) {
  prepare();
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, "transcoder/server.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      WORKER_URL: "http://127.0.0.1:9",
      TRANSCODER_TOKEN: readDevVars().TRANSCODER_TOKEN,
      TRANSCODER_PORT: String(port),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(`${url}/healthz`, 30_000);
  project.provide("transcoderUrl", url);
  return () => {
    child.kill("SIGTERM");
  };
}
