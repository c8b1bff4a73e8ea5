import { env } from "cloudflare:workers";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { newId } from "../ids.ts";
import { issueAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER } from "../services/auth/access-token.ts";
import { bearer, call, json, newUser, PASSWORD } from "../test/helpers.ts";

const email = () => `listener-${newId().toLowerCase()}@example.com`;
const register = (body: Record<string, unknown>) => call("/api/auth/register", json(body));

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { status: number; message: string; code: string } };
  expect(body.error.status).toBe(res.status);
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

describe("register and login", () => {
  it("registers a listener and returns a bearer token pair", async () => {
    const res = await register({ email: email(), password: PASSWORD, display_name: "Ada", country: "se" });
    expect(res.status).toBe(201);
    const tokens = (await res.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(tokens.access_token).toEqual(expect.stringMatching(/^ey/));
    expect(tokens.refresh_token).toEqual(expect.any(String));
  });

  it("returns the Spotify-shaped private user from /v1/me", async () => {
    const address = email();
    const res = await register({
      email: address.toUpperCase(),
      password: PASSWORD,
      display_name: "Ada",
      country: "de",
    });
    const { access_token } = (await res.json()) as { access_token: string };
    const me = await call("/v1/me", bearer(access_token));
    expect(me.status).toBe(200);
    const body = (await me.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      display_name: "Ada",
      email: address,
      country: "DE",
      product: "free",
      type: "user",
    });
    expect(body.uri).toBe(`cadenza:user:${body.id}`);
    expect(body).not.toHaveProperty("password_hash");
  });

  it("refuses a second account with the same email, whatever its case (409)", async () => {
    const address = email();
    expect(
      (await register({ email: address, password: PASSWORD, display_name: "A", country: "SE" })).status,
    ).toBe(201);
    const again = await register({
      email: address.toUpperCase(),
      password: PASSWORD,
      display_name: "B",
      country: "SE",
    });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("email_taken");
  });

  it.each([
    ["too short", "short1"],
    ["common", "password123"],
    ["repeated", "aaaaaaaaaaaa"],
  ])("refuses a weak password (%s) with 400", async (_why, password) => {
    const res = await register({ email: email(), password, display_name: "A", country: "SE" });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("weak_password");
  });

  it.each([
    ["bad email", { email: "not-an-email", password: PASSWORD, display_name: "A", country: "SE" }],
    ["unknown country", { email: "x@example.com", password: PASSWORD, display_name: "A", country: "ZZ" }],
    ["missing name", { email: "x@example.com", password: PASSWORD, country: "SE" }],
  ])("rejects invalid registration input (%s) with a JSON 400", async (_why, body) => {
    const res = await register(body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("invalid_request");
  });

  it("answers malformed JSON with a JSON 400, not a 5xx", async () => {
    const res = await call("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });
    expect(res.status).toBe(400);
    await errorOf(res);
  });

  it("logs in with the right password and refuses a wrong one or an unknown email alike", async () => {
    const user = await newUser();
    expect((await call("/api/auth/login", json({ email: user.email, password: PASSWORD }))).status).toBe(200);
    const wrong = await call("/api/auth/login", json({ email: user.email, password: `${PASSWORD}!` }));
    const unknown = await call("/api/auth/login", json({ email: email(), password: PASSWORD }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe((await errorOf(unknown)).message);
  });
});

describe("refresh tokens", () => {
  it("rotates: a refresh returns a new pair and the old refresh token stops working", async () => {
    const user = await newUser();
    const first = await call("/api/auth/refresh", json({ refresh_token: user.refresh_token }));
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as { access_token: string; refresh_token: string };
    expect(rotated.refresh_token).not.toBe(user.refresh_token);
    expect((await call("/v1/me", bearer(rotated.access_token))).status).toBe(200);
    expect((await call("/api/auth/refresh", json({ refresh_token: rotated.refresh_token }))).status).toBe(
      200,
    );
  });

  it("revokes the whole family when a spent refresh token is presented again", async () => {
    const user = await newUser();
    const rotated = (await (
      await call("/api/auth/refresh", json({ refresh_token: user.refresh_token }))
    ).json()) as {
      refresh_token: string;
    };
    const replay = await call("/api/auth/refresh", json({ refresh_token: user.refresh_token }));
    expect(replay.status).toBe(401);
    expect((await errorOf(replay)).code).toBe("refresh_token_reused");
    // The legitimate holder's newer token is dead too: the thief and the owner both must log in again.
    expect((await call("/api/auth/refresh", json({ refresh_token: rotated.refresh_token }))).status).toBe(
      401,
    );
  });

  it("lets only one of two concurrent refreshes of the same token succeed", async () => {
    const user = await newUser();
    const results = await Promise.all(
      [1, 2].map(() => call("/api/auth/refresh", json({ refresh_token: user.refresh_token }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it("logout ends the refresh family", async () => {
    const user = await newUser();
    expect((await call("/api/auth/logout", json({ refresh_token: user.refresh_token }))).status).toBe(204);
    expect((await call("/api/auth/refresh", json({ refresh_token: user.refresh_token }))).status).toBe(401);
  });

  it("rejects a forged refresh token that reuses a real token id", async () => {
    const user = await newUser();
    const [id] = user.refresh_token.split(".");
    const res = await call("/api/auth/refresh", json({ refresh_token: `${id}.forged-secret` }));
    expect(res.status).toBe(401);
  });
});

describe("access tokens", () => {
  const secret = () => new TextEncoder().encode(env.JWT_SECRET);

  it("refuses requests without a token (401, JSON)", async () => {
    const res = await call("/v1/me");
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("missing_token");
  });

  it("refuses an expired access token with token_expired", async () => {
    const user = await newUser();
    const row = {
      id: user.id,
      email: user.email,
      passwordHash: "",
      displayName: "x",
      country: "SE",
      product: "free" as const,
      role: "listener" as const,
      shareActivity: true,
      notificationsReadAt: 0,
      createdAt: 0,
    };
    const stale = await issueAccessToken(row, env.JWT_SECRET, Date.now() - 3600_000);
    const res = await call("/v1/me", bearer(stale));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe("token_expired");
  });

  it("refuses a tampered access token", async () => {
    const user = await newUser();
    const [header, payload, signature] = user.access_token.split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...claims, product: "premium", role: "admin" }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    expect((await call("/v1/me", bearer(`${header}.${forged}.${signature}`))).status).toBe(401);
  });

  it("refuses a refresh token presented as an access token, and an access token presented for refresh", async () => {
    const user = await newUser();
    expect((await call("/v1/me", bearer(user.refresh_token))).status).toBe(401);
    expect((await call("/api/auth/refresh", json({ refresh_token: user.access_token }))).status).toBe(401);
  });

  it("refuses a correctly signed JWT of another type, issuer or audience", async () => {
    const user = await newUser();
    const base = () =>
      new SignJWT({ country: "SE", product: "premium", role: "admin" })
        .setSubject(user.id)
        .setIssuedAt()
        .setExpirationTime("5m");
    const wrongType = await base()
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .sign(secret());
    const wrongIssuer = await base()
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setIssuer("evil")
      .setAudience(TOKEN_AUDIENCE)
      .sign(secret());
    const wrongAudience = await base()
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setIssuer(TOKEN_ISSUER)
      .setAudience("other")
      .sign(secret());
    for (const token of [wrongType, wrongIssuer, wrongAudience]) {
      expect((await call("/v1/me", bearer(token))).status).toBe(401);
    }
  });

  it("refuses an unsigned (alg: none) token", async () => {
    const user = await newUser();
    const enc = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "");
    const now = Math.floor(Date.now() / 1000);
    const token = `${enc({ alg: "none", typ: "at+jwt" })}.${enc({ sub: user.id, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: now, exp: now + 300, country: "SE", product: "premium", role: "admin" })}.`;
    expect((await call("/v1/me", bearer(token))).status).toBe(401);
  });
});
