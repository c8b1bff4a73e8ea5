import { describe, expect, it } from "vitest";
import type { UserRow } from "../../db/catalog-db.ts";
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, verifyAccessToken } from "./access-token.ts";

const SECRET = "a-test-secret-of-at-least-thirty-two-chars";
const user = { id: "u1", country: "SE", product: "premium", role: "listener" } as UserRow;

describe("verifyAccessToken", () => {
  it("answers a token it has verified before from memory, still expiring it on time", async () => {
    const issued = Date.now();
    const token = await issueAccessToken(user, SECRET, issued);
    const who = { id: "u1", country: "SE", product: "premium", role: "listener" };
    expect(await verifyAccessToken(token, SECRET, issued)).toEqual(who);
    // Second time: the remembered answer, which must still honour the expiry.
    expect(await verifyAccessToken(token, SECRET, issued + 1000)).toEqual(who);
    expect(await verifyAccessToken(token, SECRET, issued + ACCESS_TOKEN_TTL_SECONDS * 1000 + 1000)).toBe(
      "expired",
    );
  });

  it("never answers a remembered token for another secret", async () => {
    const issued = Date.now();
    const token = await issueAccessToken(user, SECRET, issued);
    expect(await verifyAccessToken(token, SECRET, issued)).not.toBe("invalid");
    expect(await verifyAccessToken(token, `${SECRET}-rotated`, issued)).toBe("invalid");
  });

  it("rejects a token whose signature was altered, even after the original was verified", async () => {
    const issued = Date.now();
    const token = await issueAccessToken(user, SECRET, issued);
    await verifyAccessToken(token, SECRET, issued);
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${"A".repeat(43)}`;
    expect(await verifyAccessToken(forged, SECRET, issued)).toBe("invalid");
  });
});
