import { describe, expect, it } from "vitest";
import { parseFfmpegMajorVersion, type ResolveDeps, resolveFfmpegPaths } from "./ffmpeg-path.ts";

function deps(options: {
  env?: Record<string, string>;
  executables?: string[];
  npm?: Record<string, string>;
}) {
  const executables = new Set(options.executables ?? []);
  return {
    env: options.env ?? {},
    isExecutable: (path: string) => executables.has(path),
    loadModule: (id: string) => {
      const path = options.npm?.[id];
      if (!path) throw new Error(`Cannot find module '${id}'`);
      return { path };
    },
  } satisfies ResolveDeps;
}

describe("resolveFfmpegPaths", () => {
  it("prefers FFMPEG_PATH and finds ffprobe beside it", () => {
    const found = resolveFfmpegPaths(
      deps({
        env: { FFMPEG_PATH: "/opt/ff/ffmpeg", PATH: "/usr/bin" },
        executables: ["/opt/ff/ffprobe", "/usr/bin/ffmpeg"],
      }),
    );
    expect(found).toEqual({ ffmpeg: "/opt/ff/ffmpeg", ffprobe: "/opt/ff/ffprobe" });
  });

  it("falls back to the system's ffmpeg on PATH", () => {
    const found = resolveFfmpegPaths(
      deps({ env: { PATH: "/nope:/usr/bin" }, executables: ["/usr/bin/ffmpeg", "/usr/bin/ffprobe"] }),
    );
    expect(found).toEqual({ ffmpeg: "/usr/bin/ffmpeg", ffprobe: "/usr/bin/ffprobe" });
  });

  it("falls back to an npm-shipped binary when the system has none", () => {
    const npm = { "@ffmpeg-installer/ffmpeg": "/nm/ffmpeg", "@ffprobe-installer/ffprobe": "/nm2/ffprobe" };
    const found = resolveFfmpegPaths(
      deps({ env: { PATH: "/usr/bin" }, executables: ["/nm/ffmpeg", "/nm2/ffprobe"], npm }),
    );
    expect(found).toEqual({ ffmpeg: "/nm/ffmpeg", ffprobe: "/nm2/ffprobe" });
  });

  it("says how to install ffmpeg when there is none", () => {
    expect(() => resolveFfmpegPaths(deps({ env: { PATH: "/usr/bin" } }))).toThrow(
      /install it .* or set FFMPEG_PATH/,
    );
  });
});

describe("parseFfmpegMajorVersion", () => {
  it("reads Debian, tagged and snapshot builds", () => {
    expect(parseFfmpegMajorVersion("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026")).toBe(5);
    expect(parseFfmpegMajorVersion("ffmpeg version n6.1.1 Copyright")).toBe(6);
    expect(parseFfmpegMajorVersion("ffmpeg version 7.1-static https://johnvansickle.com")).toBe(7);
    expect(parseFfmpegMajorVersion("ffmpeg version N-112233-gabcdef Copyright (c) 2000-2024")).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it("places an old snapshot build (the npm-shipped one) by its copyright year", () => {
    const npmShipped =
      "ffmpeg version N-47683-g0e8eb07980-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2000-2018";
    expect(parseFfmpegMajorVersion(npmShipped)).toBe(4);
  });

  it("rejects output that is not ffmpeg's", () => {
    expect(() => parseFfmpegMajorVersion("bash: ffmpeg: command not found")).toThrow(
      /not an ffmpeg -version/,
    );
  });
});
