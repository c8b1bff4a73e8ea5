import { describe, expect, it } from "vitest";
import { parseRhythm } from "./rhythm.ts";

describe("parseRhythm", () => {
  it("reads starts, holds and rests in sixteenths", () => {
    expect(parseRhythm("x=======x=..x===")).toEqual([
      [0, 2],
      [2, 0.5],
      [3, 1],
    ]);
  });

  it("ignores a hold after a rest", () => {
    expect(parseRhythm("x.==x")).toEqual([
      [0, 0.25],
      [1, 0.25],
    ]);
  });
});
