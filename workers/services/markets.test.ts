import { describe, expect, it } from "vitest";
import { COUNTRY_CODES, decodeMarkets, encodeMarkets, isAvailableIn, unionMarkets } from "./markets.ts";

describe("markets", () => {
  it("stores a comma list normalised, sorted and fenced", () => {
    expect(encodeMarkets(" de, at,CH,de ")).toBe(",AT,CH,DE,");
    expect(decodeMarkets(",AT,CH,DE,")).toEqual(["AT", "CH", "DE"]);
  });

  it("treats an empty list as everywhere", () => {
    expect(encodeMarkets("")).toBeNull();
    expect(decodeMarkets(null)).toBe(COUNTRY_CODES);
    expect(isAvailableIn(null, "jp")).toBe(true);
  });

  it("matches whole codes only", () => {
    expect(isAvailableIn(",AT,DE,", "DE")).toBe(true);
    expect(isAvailableIn(",AT,DE,", "E")).toBe(false);
    expect(isAvailableIn(",AT,DE,", "US")).toBe(false);
  });

  it("names unknown codes", () => {
    expect(() => encodeMarkets("DE,XY")).toThrow(/XY/);
  });

  it("unites several tracks' markets, everywhere winning", () => {
    expect(unionMarkets([",AT,DE,", ",CH,DE,"])).toBe(",AT,CH,DE,");
    expect(unionMarkets([",AT,", null])).toBeNull();
    expect(unionMarkets([])).toBeNull();
  });
});
