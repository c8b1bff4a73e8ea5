import { describe, expect, it } from "vitest";
import { parseOutTimeUs } from "./encode.ts";

describe("parseOutTimeUs", () => {
  it("reads microseconds from either progress key", () => {
    expect(parseOutTimeUs("out_time_us=25013500")).toBe(25013500);
    expect(parseOutTimeUs("out_time_ms=20653500")).toBe(20653500);
  });

  it("ignores other lines and unknown times", () => {
    expect(parseOutTimeUs("out_time=00:00:25.013500")).toBeUndefined();
    expect(parseOutTimeUs("out_time_us=N/A")).toBeUndefined();
    expect(parseOutTimeUs("progress=end")).toBeUndefined();
  });
});
