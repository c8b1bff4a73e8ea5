import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed } from "./random.ts";

describe("createRandom", () => {
  it("repeats its sequence for a seed and differs for another", () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRandom(seed).next);
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it("stays within its ranges", () => {
    const random = createRandom(99);
    for (let i = 0; i < 1000; i++) {
      const value = random.next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      expect(random.int(3)).toBeLessThan(3);
      expect(["a", "b"]).toContain(random.pick(["a", "b"]));
    }
  });

  it("refuses to pick from an empty list", () => {
    expect(() => createRandom(1).pick([])).toThrow(RangeError);
  });
});

describe("deriveSeed", () => {
  it("names independent streams under one seed", () => {
    expect(deriveSeed(7, "drums")).toBe(deriveSeed(7, "drums"));
    expect(deriveSeed(7, "drums")).not.toBe(deriveSeed(7, "melody"));
    expect(deriveSeed(7, "drums")).not.toBe(deriveSeed(8, "drums"));
  });
});
