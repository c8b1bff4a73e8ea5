/**
 * The transcoder process: `node transcoder/server.ts`. Env: WORKER_URL, TRANSCODER_TOKEN
 * (required); TRANSCODER_HOST (127.0.0.1), TRANSCODER_PORT (8788), TRANSCODER_CONCURRENCY (1);
 * optional FFMPEG_PATH, FFPROBE_PATH, SHAKA_PACKAGER_PATH.
 */
import { rmSync } from "node:fs";
import { access, constants, mkdtemp } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkUploadDecodable } from "./check-decodable.ts";
import { readConfig } from "./config.ts";
import { detectFfmpegMajorVersion, resolveFfmpegPaths } from "./ffmpeg-path.ts";
import { createRequestListener } from "./http-app.ts";
import { createLimiter } from "./limiter.ts";
import { resolvePackagerPath } from "./package.ts";
import { type JobTools, runJob } from "./run-job.ts";
import { createWorkerClient } from "./worker-client.ts";

/** Upload checks decoded at once; they are short (a full decode runs at ~100× real time). */
const PROBES_AT_ONCE = 2;

const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);

async function resolveTools(): Promise<JobTools> {
  const { ffmpeg, ffprobe } = resolveFfmpegPaths();
  const ffmpegMajorVersion = await detectFfmpegMajorVersion(ffmpeg).catch((error: Error) => {
    throw new Error(`cannot run ${ffmpeg} -version (${error.message}): fix FFMPEG_PATH or install ffmpeg`);
  });
  const packager = resolvePackagerPath();
  await access(packager, constants.X_OK).catch(() => {
    throw new Error(
      `shaka-packager is not executable at ${packager}: run npm install, or set SHAKA_PACKAGER_PATH`,
    );
  });
  return { ffmpeg, ffprobe, packager, ffmpegMajorVersion };
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const tools = await resolveTools();
  const worker = createWorkerClient({ baseUrl: config.workerUrl, token: config.token });
  // Every job's and probe's files live under one directory that goes when the process stops.
  const tmpRoot = await mkdtemp(join(tmpdir(), "cadenza-transcoder-"));
  const listener = createRequestListener({
    token: config.token,
    runJob: (jobId) => runJob(jobId, { worker, tools, log, tmpRoot }),
    limiter: createLimiter(config.concurrency),
    probe: (body, filename) => checkUploadDecodable(tools, body, filename, tmpRoot),
    probeLimiter: createLimiter(PROBES_AT_ONCE),
    log,
  });
  const server = createServer(listener);
  const exit = (code: number) => {
    rmSync(tmpRoot, { recursive: true, force: true });
    process.exit(code);
  };
  server.on("error", (error) => {
    console.error(`transcoder: cannot listen on ${config.host}:${config.port}: ${error.message}`);
    exit(1);
  });
  server.listen(config.port, config.host, () => {
    log(
      `transcoder listening on http://${config.host}:${config.port} (Worker ${config.workerUrl}, ` +
        `${config.concurrency} job(s) at once, ffmpeg ${tools.ffmpegMajorVersion} at ${tools.ffmpeg})`,
    );
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping; running jobs are abandoned and the Queue retries them`);
      server.close();
      exit(0);
    });
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
