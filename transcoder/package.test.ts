import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { resolveFfmpegPaths } from "./ffmpeg-path.ts";
import { buildPackagerArgs, packageRenditions, packagerBinaryName, resolvePackagerPath } from "./package.ts";

describe("packagerBinaryName", () => {
  it("names the binary the shaka-packager npm package ships for each platform", () => {
    expect(packagerBinaryName("linux", "x64")).toBe("packager-linux-x64");
    expect(packagerBinaryName("linux", "arm64")).toBe("packager-linux-arm64");
    expect(packagerBinaryName("darwin", "arm64")).toBe("packager-osx-arm64");
    expect(packagerBinaryName("win32", "x64")).toBe("packager-win-x64.exe");
  });

  it("says to set SHAKA_PACKAGER_PATH on a platform without a shipped binary", () => {
    expect(() => packagerBinaryName("freebsd", "x64")).toThrow(/SHAKA_PACKAGER_PATH/);
  });
});

describe("resolvePackagerPath", () => {
  it("prefers SHAKA_PACKAGER_PATH", () => {
    expect(resolvePackagerPath({ SHAKA_PACKAGER_PATH: "/opt/packager" })).toBe("/opt/packager");
  });
});

describe("buildPackagerArgs", () => {
  it("cuts every input into 10 s segments numbered from 0 in one run", () => {
    const args = buildPackagerArgs(
      [
        { name: "low", path: "/j/low.mp4" },
        { name: "lossless", path: "/j/lossless.mp4" },
      ],
      "/j/cmaf",
    );
    expect(args.slice(0, 2)).toEqual([
      "in=/j/low.mp4,stream=audio,init_segment=/j/cmaf/low/init.mp4,segment_template=/j/cmaf/low/$Number$.m4s",
      "in=/j/lossless.mp4,stream=audio,init_segment=/j/cmaf/lossless/init.mp4,segment_template=/j/cmaf/lossless/$Number$.m4s",
    ]);
    expect(args.join(" ")).toContain("--segment_duration 10 --fragment_duration 2 --start_segment_number 0");
  });
});

/** The types of an MP4 file's top-level boxes, in order. */
function topLevelBoxes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(at);
    types.push(bytes.toString("latin1", at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

describe("packageRenditions", () => {
  it("writes init.mp4 and non-empty segments 0..n-1", async () => {
    const work = await mkdtemp(join(tmpdir(), "cadenza-package-test-"));
    try {
      const input = join(work, "low.mp4");
      const sine = ["-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=21"];
      await promisify(execFile)(resolveFfmpegPaths().ffmpeg, [
        ...sine,
        "-c:a",
        "libopus",
        // Older ffmpeg (such as the npm-shipped 4.x fallback) calls Opus-in-MP4 experimental.
        "-strict",
        "experimental",
        "-f",
        "mp4",
        input,
      ]);

      const [low] = await packageRenditions(
        resolvePackagerPath(),
        [{ name: "low", path: input }],
        join(work, "out"),
      );

      expect((await readdir(join(work, "out", "low"))).sort()).toEqual([
        "0.m4s",
        "1.m4s",
        "2.m4s",
        "init.mp4",
      ]);
      expect(low?.segmentPaths).toEqual([0, 1, 2].map((n) => join(work, "out", "low", `${n}.m4s`)));
      for (const path of low?.segmentPaths ?? []) expect((await stat(path)).size).toBeGreaterThan(0);
      // 2 s fragments: a player streaming the first segment can start on its first moof + mdat.
      const first = await readFile(join(work, "out", "low", "0.m4s"));
      expect(topLevelBoxes(first).filter((type) => type === "moof").length).toBeGreaterThanOrEqual(5);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
