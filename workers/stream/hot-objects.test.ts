import { describe, expect, it } from "vitest";
import { HotObjects } from "./hot-objects.ts";

const object = (size: number) => ({ bytes: new Uint8Array(size), etag: `"${size}"` });

describe("HotObjects", () => {
  it("evicts the least recently used objects once over its byte budget", () => {
    const hot = new HotObjects(300, 200);
    hot.set("a", object(100));
    hot.set("b", object(100));
    hot.set("c", object(100));
    expect(hot.get("a")).toBeDefined(); // a is now the most recent
    hot.set("d", object(100));
    expect(hot.get("b")).toBeUndefined();
    expect(hot.get("a")).toBeDefined();
    expect(hot.get("d")).toBeDefined();
    expect(hot.size).toBe(300);
  });

  it("never holds an object over the per-object limit", () => {
    const hot = new HotObjects(1000, 200);
    hot.set("big", object(201));
    expect(hot.get("big")).toBeUndefined();
    expect(hot.size).toBe(0);
  });
});
