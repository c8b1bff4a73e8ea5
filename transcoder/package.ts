import { readdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { runProcess } from "./run-process.ts";

/** Target media segment duration in seconds (segments end on the first frame boundary after it). */
export const SEGMENT_DURATION_S = 10;

/**
 * Each segment is cut into fragments (`moof` + `mdat`) of about this many seconds. A player
 * that streams a segment as it arrives (hls.js `progressive`) can append the first fragment —
 * and start playing — long before the whole 10 s segment is in: ~40 KB at 160 kbps instead of
 * ~200 KB. Each extra fragment costs a few hundred bytes of boxes.
 */
export const FRAGMENT_DURATION_S = 2;

/** One rendition's intermediate MP4, to be cut into CMAF. */
export interface PackagerInput {
  /** Rendition name: the output folder's name. */
  name: string;
  /** Path of the intermediate MP4 with one audio track. */
  path: string;
}

/** One rendition as CMAF on disk. */
export interface PackagedRendition {
  name: string;
  /** Path of `init.mp4`. */
  initPath: string;
  /** Paths of `0.m4s` … `{n-1}.m4s`, in order. */
  segmentPaths: string[];
}

/** File name of the shaka-packager binary the npm package ships for a platform. */
export function packagerBinaryName(platform: string, arch: string): string {
  const os = { linux: "linux", darwin: "osx", win32: "win" }[platform];
  if (!os || !["x64", "arm64"].includes(arch) || (os === "win" && arch !== "x64")) {
    throw new Error(`shaka-packager ships no binary for ${platform}-${arch}: set SHAKA_PACKAGER_PATH`);
  }
  return `packager-${os}-${arch}${os === "win" ? ".exe" : ""}`;
}

/** `SHAKA_PACKAGER_PATH`, else the binary inside the `shaka-packager` npm package. */
export function resolvePackagerPath(env: Record<string, string | undefined> = process.env): string {
  if (env.SHAKA_PACKAGER_PATH) return env.SHAKA_PACKAGER_PATH;
  const manifest = createRequire(import.meta.url).resolve("shaka-packager/package.json");
  return join(dirname(manifest), "bin", packagerBinaryName(process.platform, process.arch));
}

/** Arguments for one shaka-packager run that cuts every input into `{outDir}/{name}/`. */
export function buildPackagerArgs(inputs: readonly PackagerInput[], outDir: string): string[] {
  const streams = inputs.map((input) => {
    const dir = join(outDir, input.name);
    // $Number$ is shaka's template for the segment number.
    return `in=${input.path},stream=audio,init_segment=${join(dir, "init.mp4")},segment_template=${join(dir, "$Number$.m4s")}`;
  });
  return [
    ...streams,
    "--segment_duration",
    String(SEGMENT_DURATION_S),
    "--fragment_duration",
    String(FRAGMENT_DURATION_S),
    // The protocol numbers segments from 0; shaka starts at 1 unless told.
    "--start_segment_number",
    "0",
    // Threaded I/O's 32 MB cache costs ~0.3 s per stream; plain I/O packages a track in ~40 ms.
    "--io_cache_size",
    "0",
    "--quiet",
  ];
}

async function listSegments(dir: string): Promise<string[]> {
  const numbers = (await readdir(dir))
    .map((file) => /^(\d+)\.m4s$/.exec(file)?.[1])
    .filter((n) => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  numbers.forEach((n, i) => {
    if (n !== i) throw new Error(`packager output ${dir} skips segment ${i}`);
  });
  return numbers.map((n) => join(dir, `${n}.m4s`));
}

/**
 * Cuts every intermediate MP4 into CMAF (`init.mp4` + 10 s `.m4s` segments numbered from 0) in
 * one shaka-packager run. shaka keeps Opus pre-skip in an edit list and cuts on frame
 * boundaries, which ffmpeg's HLS muxer does not. Throws when a rendition has no segment or an
 * empty file.
 */
export async function packageRenditions(
  packagerPath: string,
  inputs: readonly PackagerInput[],
  outDir: string,
): Promise<PackagedRendition[]> {
  await runProcess(packagerPath, buildPackagerArgs(inputs, outDir));
  return Promise.all(
    inputs.map(async ({ name }) => {
      const dir = join(outDir, name);
      const initPath = join(dir, "init.mp4");
      const segmentPaths = await listSegments(dir);
      if (segmentPaths.length === 0) throw new Error(`packager wrote no segment for ${name}`);
      for (const path of [initPath, ...segmentPaths]) {
        if ((await stat(path)).size === 0) throw new Error(`packager wrote an empty file: ${path}`);
      }
      return { name, initPath, segmentPaths };
    }),
  );
}
