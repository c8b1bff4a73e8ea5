/** The transcoder process's settings, read once from the environment at start. */
export interface TranscoderConfig {
  /** Base URL of the Worker's `/internal` API, e.g. `http://127.0.0.1:8787`. */
  workerUrl: string;
  /** Shared secret with the Worker, both ways. */
  token: string;
  /** Interface to listen on: 127.0.0.1 locally, 0.0.0.0 in the container. */
  host: string;
  /** TCP port to listen on. */
  port: number;
  /** Jobs run at once; extra requests wait their turn. */
  concurrency: number;
}

function positiveInteger(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Reads and checks the environment. Throws one error listing every problem and how to fix it,
 * so the process refuses to start instead of failing on its first job.
 */
export function readConfig(env: Record<string, string | undefined>): TranscoderConfig {
  const problems: string[] = [];
  const workerUrl = env.WORKER_URL ?? "";
  if (!workerUrl) problems.push("WORKER_URL is not set (the Worker's base URL, e.g. http://127.0.0.1:8787)");
  else if (!URL.canParse(workerUrl)) problems.push(`WORKER_URL is not a URL: ${workerUrl}`);
  const token = env.TRANSCODER_TOKEN ?? "";
  if (!token) problems.push("TRANSCODER_TOKEN is not set (the same value as the Worker's, see .dev.vars)");
  const port = positiveInteger(env.TRANSCODER_PORT, 8788);
  if (port === undefined || port > 65535)
    problems.push(`TRANSCODER_PORT is not a port: ${env.TRANSCODER_PORT}`);
  const concurrency = positiveInteger(env.TRANSCODER_CONCURRENCY, 1);
  if (concurrency === undefined) {
    problems.push(`TRANSCODER_CONCURRENCY must be a whole number ≥ 1: ${env.TRANSCODER_CONCURRENCY}`);
  }
  if (problems.length > 0) throw new Error(`the transcoder cannot start:\n  - ${problems.join("\n  - ")}`);
  return {
    workerUrl,
    token,
    host: env.TRANSCODER_HOST || "127.0.0.1",
    port: port ?? 8788,
    concurrency: concurrency ?? 1,
  };
}
