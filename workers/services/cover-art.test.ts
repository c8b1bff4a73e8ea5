import { describe, expect, it } from "vitest";
import { coverImageType, generateCoverSvg, initials } from "./cover-art.ts";

describe("generateCoverSvg", () => {
  it("is the same for the same id and name, and differs in colour between ids", () => {
    const a = generateCoverSvg("4uLU6hMCjMI75M1A2tKUQC", "Tidal Rooms");
    expect(generateCoverSvg("4uLU6hMCjMI75M1A2tKUQC", "Tidal Rooms")).toBe(a);
    const colours = (svg: string) => svg.match(/hsl\([^)]*\)/g);
    expect(colours(generateCoverSvg("0VjIjW4GlUZAMYd2vXMi3b", "Tidal Rooms"))).not.toEqual(colours(a));
    expect(a).toContain('width="640" height="640"');
    expect(a).toContain(">TR</text>");
  });

  it("escapes the name so it cannot inject markup", () => {
    const svg = generateCoverSvg("x", `<script>alert("hi")</script> & "Co"`);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; &quot;Co&quot;");
  });
});

describe("initials", () => {
  it.each([
    ["Élodie Marchand", "ÉM"],
    ["東京スカイライン", "東"],
    ["the rust belt radio", "TR"],
    ["  (Late) Bus  ", "LB"],
    ["", ""],
  ])("%s → %s", (name, expected) => {
    expect(initials(name)).toBe(expected);
  });
});

describe("coverImageType", () => {
  it("recognises JPEG and PNG by their signature and nothing else", () => {
    expect(coverImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe("image/jpeg");
    expect(coverImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      "image/png",
    );
    expect(coverImageType(new TextEncoder().encode("GIF89a......"))).toBeNull();
  });
});
