import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";

/** Absolute paths (or PATH names) of the ffmpeg and ffprobe binaries to run. */
export interface FfmpegPaths {
  ffmpeg: string;
  ffprobe: string;
}

/** What the resolver may look at; the defaults are the real process and file system. */
export interface ResolveDeps {
  env: Record<string, string | undefined>;
  isExecutable: (path: string) => boolean;
  /** Loads an npm module (CommonJS); throws when it is not installed. */
  loadModule: (id: string) => unknown;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(name: string, deps: ResolveDeps): string | undefined {
  const exe = process.platform === "win32" ? `${name}.exe` : name;
  for (const dir of (deps.env.PATH ?? "").split(delimiter)) {
    if (dir && deps.isExecutable(join(dir, exe))) return join(dir, exe);
  }
  return undefined;
}

/** The binary an `@ffmpeg-installer/ffmpeg`-style package ships, when one is installed. */
function findInNpmPackage(name: "ffmpeg" | "ffprobe", deps: ResolveDeps): string | undefined {
  try {
    const { path } = deps.loadModule(`@${name}-installer/${name}`) as { path?: unknown };
    return typeof path === "string" && deps.isExecutable(path) ? path : undefined;
  } catch {
    return undefined; // not installed: it is optional
  }
}

/**
 * Finds ffmpeg and ffprobe: `FFMPEG_PATH` (ffprobe beside it, or `FFPROBE_PATH`), else the
 * system's on PATH, else an npm-shipped binary (`@ffmpeg-installer/ffmpeg`, optional). Throws a
 * message that says how to install ffmpeg when none is found.
 */
export function resolveFfmpegPaths(deps: ResolveDeps = defaultResolveDeps()): FfmpegPaths {
  const fromEnv = deps.env.FFMPEG_PATH;
  const ffmpeg = fromEnv || findOnPath("ffmpeg", deps) || findInNpmPackage("ffmpeg", deps);
  if (!ffmpeg) {
    throw new Error(
      "ffmpeg not found: install it (apt-get install ffmpeg, brew install ffmpeg) or set FFMPEG_PATH",
    );
  }
  const beside = join(dirname(ffmpeg), process.platform === "win32" ? "ffprobe.exe" : "ffprobe");
  const ffprobe =
    deps.env.FFPROBE_PATH ||
    (deps.isExecutable(beside) ? beside : undefined) ||
    findOnPath("ffprobe", deps) ||
    findInNpmPackage("ffprobe", deps);
  if (!ffprobe) throw new Error(`ffprobe not found beside ${ffmpeg} nor on PATH: set FFPROBE_PATH`);
  return { ffmpeg, ffprobe };
}

function defaultResolveDeps(): ResolveDeps {
  const require = createRequire(import.meta.url);
  return { env: process.env, isExecutable, loadModule: (id) => require(id) };
}

/**
 * Reads the major version from `ffmpeg -version` ("ffmpeg version 5.1.9-0+deb12u1 …" → 5,
 * "ffmpeg version n6.1.1" → 6). Snapshot builds ("N-112233-g…") carry no release number: their
 * copyright year places them — one from before 2023 (FLAC-in-MP4 left experimental status in 6.0)
 * counts as 4, the most cautious answer; a newer one as Infinity.
 */
export function parseFfmpegMajorVersion(versionOutput: string): number {
  const match = /^ffmpeg version (\S+)/m.exec(versionOutput);
  if (!match?.[1]) throw new Error(`not an ffmpeg -version output: ${versionOutput.slice(0, 80)}`);
  const release = /^n?(\d+)\./.exec(match[1]);
  if (release?.[1]) return Number(release[1]);
  const year = Number(/Copyright \(c\) \d{4}-(\d{4})/.exec(versionOutput)?.[1] ?? 0);
  return year >= 2023 ? Number.POSITIVE_INFINITY : 4;
}

/** Runs `ffmpeg -version` once and returns the major version. */
export async function detectFfmpegMajorVersion(ffmpegPath: string): Promise<number> {
  const { stdout } = await promisify(execFile)(ffmpegPath, ["-version"]);
  return parseFfmpegMajorVersion(stdout);
}
