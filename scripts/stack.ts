import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

export interface StackOptions {
  /** Port of `wrangler dev`. */
  port: number;
  /** Port of the transcoder process. */
  transcoderPort: number;
  /** Where miniflare keeps D1/R2/Queue state (`.wrangler/state` for `npm run dev`). */
  persistTo?: string;
  /** Prefix for each child's log lines; null silences them (tests keep them in memory). */
  log?: (line: string) => void;
}

export interface Stack {
  url: string;
  transcoderUrl: string;
  /** Everything the children printed, for diagnosing a failed run. */
  output: string[];
  /** Kills the transcoder with SIGKILL (a crash, not a shutdown) and starts a new one. */
  crashAndRestartTranscoder(): Promise<void>;
  stop(): Promise<void>;
}

/** Reads `KEY="value"` lines of `.dev.vars`. */
export function readDevVars(root = ROOT): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of readFileSync(join(root, ".dev.vars"), "utf8").split("\n")) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line);
    if (match) vars[match[1] as string] = match[2] as string;
  }
  return vars;
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} failed:\n${out}`)),
    );
  });
}

const wranglerBin = () => join(ROOT, "node_modules/wrangler/bin/wrangler.js");
/**
 * The environment every wrangler child gets. `X_LOCAL_OBSERVABILITY`: wrangler dev (4.x) records
 * a trace of every request, with its D1/R2/DO spans, into a SQLite store under
 * `.wrangler/state/v3/observability` for its local explorer. Measured here that doubles the cost
 * of a request (/healthz p50 9 → 4 ms, a search at 1M tracks p50 41 → 31 ms) and nothing in
 * Cadenza reads those traces, so it is off unless the caller sets it (`X_LOCAL_OBSERVABILITY=true
 * npm run dev`).
 */
const quietEnv = {
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
  NO_COLOR: "1",
  X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
};

/** Applies the committed D1 migrations to the local database. */
export async function migrateLocal(persistTo?: string): Promise<void> {
  const args = [wranglerBin(), "d1", "migrations", "apply", "DB", "--local"];
  if (persistTo) args.push("--persist-to", persistTo);
  await run(process.execPath, args, { ...quietEnv, CI: "true" });
}

/**
 * Starts Cadenza as `npm run dev` does: migrations, the transcoder as a Node process, and
 * `wrangler dev` pointed at it. Resolves once both answer their health checks.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const vars = readDevVars();
  const url = `http://127.0.0.1:${options.port}`;
  const transcoderUrl = `http://127.0.0.1:${options.transcoderPort}`;
  const output: string[] = [];
  const children: ChildProcess[] = [];
  const pipe = (name: string, child: ChildProcess) => {
    children.push(child);
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => {
        for (const line of chunk.split("\n").filter(Boolean)) {
          output.push(`[${name}] ${line}`);
          options.log?.(`[${name}] ${line}`);
        }
      });
    }
  };
  await migrateLocal(options.persistTo);
  const startTranscoder = () => {
    const child = spawn(process.execPath, [join(ROOT, "transcoder/server.ts")], {
      cwd: ROOT,
      env: {
        ...process.env,
        WORKER_URL: url,
        TRANSCODER_TOKEN: vars.TRANSCODER_TOKEN,
        TRANSCODER_PORT: String(options.transcoderPort),
        TRANSCODER_HOST: "127.0.0.1",
      },
    });
    pipe("transcoder", child);
    return child;
  };
  let transcoder = startTranscoder();
  const wranglerArgs = ["--port", String(options.port), "--ip", "127.0.0.1"];
  wranglerArgs.push(
    "--var",
    `TRANSCODER_URL:${transcoderUrl}`,
    "--var",
    `PUBLIC_URL:${url}`,
    "--show-interactive-dev-session=false",
  );
  if (options.persistTo) wranglerArgs.push("--persist-to", options.persistTo);
  pipe("wrangler", spawnWranglerDev(wranglerArgs));

  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  try {
    await waitForHealth(`${transcoderUrl}/healthz`, 30_000);
    await waitForHealth(`${url}/healthz`, 90_000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- output ---\n${output.slice(-40).join("\n")}`);
  }
  const crashAndRestartTranscoder = async () => {
    const exited = new Promise((resolve) => transcoder.once("exit", resolve));
    transcoder.kill("SIGKILL");
    await exited;
    transcoder = startTranscoder();
    await waitForHealth(`${transcoderUrl}/healthz`, 30_000);
  };
  return { url, transcoderUrl, output, crashAndRestartTranscoder, stop };
}

/** `wrangler dev` with these arguments, from the repository root, quietened as every wrangler child is. */
export function spawnWranglerDev(args: string[]): ChildProcess {
  return spawn(process.execPath, [wranglerBin(), "dev", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...quietEnv },
  });
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited 5 s later. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

export async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}
