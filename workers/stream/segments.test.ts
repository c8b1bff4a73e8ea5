import { describe, expect, it } from "vitest";
import { parseRange } from "./segments.ts";

describe("parseRange", () => {
  it.each([
    ["bytes=0-99", 1000, { start: 0, end: 99 }],
    ["bytes=900-", 1000, { start: 900, end: 999 }],
    ["bytes=-100", 1000, { start: 900, end: 999 }],
    ["bytes=990-5000", 1000, { start: 990, end: 999 }],
    ["bytes=-5000", 1000, { start: 0, end: 999 }],
  ])("reads %s of %i bytes", (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });

  it.each(["bytes=1000-", "bytes=50-10", "bytes=-0", "bytes=-", "items=0-1", "bytes=0-1,5-6"])(
    "refuses the unsatisfiable or malformed %s",
    (header) => {
      expect(parseRange(header, 1000)).toBeNull();
    },
  );
});
