import { describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { formatSearchQuery, hasCriteria, parseSearchQuery } from "./parse-query.ts";

const words = (q: string) => parseSearchQuery(q).text;

describe("parseSearchQuery", () => {
  it("reads free words as prefixes, but a one-letter word only whole unless it is the last", () => {
    expect(words("Shape of Yo")).toEqual([
      { tokens: ["shape"], prefix: true },
      { tokens: ["of"], prefix: true },
      { tokens: ["yo"], prefix: true },
    ]);
    expect(words("a day in the life")[0]).toEqual({ tokens: ["a"], prefix: false });
    expect(words("plan b").at(-1)).toEqual({ tokens: ["b"], prefix: true });
  });

  it("keeps a quoted phrase together and matches it whole", () => {
    expect(words('"shape of you" remix')).toEqual([
      { tokens: ["shape", "of", "you"], prefix: false },
      { tokens: ["remix"], prefix: true },
    ]);
  });

  it("reads Spotify's field filters, one word or a quoted phrase each", () => {
    const query = parseSearchQuery('artist:"Ed Sheeran" album:Divide track:Perfect genre:hip-hop love');
    expect(query.artist).toEqual([{ tokens: ["ed", "sheeran"], prefix: false }]);
    expect(query.album).toEqual([{ tokens: ["divide"], prefix: false }]);
    expect(query.track).toEqual([{ tokens: ["perfect"], prefix: false }]);
    expect(query.genre).toEqual([{ tokens: ["hip", "hop"], prefix: false }]);
    expect(query.text).toEqual([{ tokens: ["love"], prefix: true }]);
  });

  it("applies a filter to the next word only, as Spotify does", () => {
    const query = parseSearchQuery("artist:ed sheeran");
    expect(query.artist).toEqual([{ tokens: ["ed"], prefix: false }]);
    expect(query.text).toEqual([{ tokens: ["sheeran"], prefix: true }]);
  });

  it("reads field names in any case and ignores an empty filter", () => {
    expect(parseSearchQuery("ARTIST:queen").artist).toEqual([{ tokens: ["queen"], prefix: false }]);
    expect(hasCriteria(parseSearchQuery("artist:"))).toBe(false);
  });

  it("reads a year or an inclusive range of years; the last one given counts", () => {
    expect(parseSearchQuery("year:1999").year).toEqual({ from: 1999, to: 1999 });
    expect(parseSearchQuery("year:1990-1999 love").year).toEqual({ from: 1990, to: 1999 });
    expect(parseSearchQuery("year:1990-1999 year:2001").year).toEqual({ from: 2001, to: 2001 });
  });

  it("rejects a malformed or backwards year with a 400", () => {
    for (const q of ["year:99", "year:nineties", "year:1999-1990", "year:1990-"]) {
      expect(() => parseSearchQuery(q), q).toThrow(ApiError);
    }
    try {
      parseSearchQuery("year:1999-1990");
    } catch (err) {
      expect((err as ApiError).status).toBe(400);
    }
  });

  it("upper-cases an ISRC and drops its hyphens", () => {
    expect(parseSearchQuery("isrc:gb-aaa-26-00001").isrc).toEqual(["GBAAA2600001"]);
  });

  it("refuses the Spotify filters Cadenza has no data for", () => {
    expect(() => parseSearchQuery("tag:new")).toThrow(/tag: filter is not supported/);
    expect(() => parseSearchQuery("upc:00602537817016")).toThrow(ApiError);
  });

  it("treats an unknown field as plain words", () => {
    expect(words("mood:happy")).toEqual([{ tokens: ["mood", "happy"], prefix: true }]);
  });

  it("never turns operators or SQL into structure: they are words or separators", () => {
    expect(words('NEAR(love, 2) OR -hate * ")--')).toEqual([
      { tokens: ["near", "love"], prefix: true },
      { tokens: ["2"], prefix: false },
      { tokens: ["or"], prefix: true },
      { tokens: ["hate"], prefix: true },
    ]);
    expect(words("'); DROP TABLE tracks; --")).toEqual([
      { tokens: ["drop"], prefix: true },
      { tokens: ["table"], prefix: true },
      { tokens: ["tracks"], prefix: true },
    ]);
    expect(hasCriteria(parseSearchQuery('" * -- ;'))).toBe(false);
  });
});

describe("formatSearchQuery", () => {
  it("writes queries that search alike the same way", () => {
    expect(formatSearchQuery(parseSearchQuery("  Beyoncé   HALO "))).toBe("beyonce halo");
    expect(formatSearchQuery(parseSearchQuery('ARTIST:"Ed  Sheeran" year:2017-2017 Perfect'))).toBe(
      'perfect artist:"ed sheeran" year:2017',
    );
  });

  it("gives back the same query when its text is parsed again", () => {
    for (const q of [
      'a "day in" the life artist:"the beatles" album:abbey genre:rock track:come year:1960-1970 isrc:GBAYE6900001',
      "ac/dc back-in-black",
      'x y "z"',
      "東京事変 live",
    ]) {
      const parsed = parseSearchQuery(q);
      expect(parseSearchQuery(formatSearchQuery(parsed)), q).toEqual(parsed);
    }
  });
});
