import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CadenzaApiError, createCadenzaClient } from "./cadenza-client.ts";

/** A fetch that records requests and answers each with the next scripted response. */
function fakeFetch(...responses: Response[]) {
  const requests: Request[] = [];
  const fetcher = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const response = responses.shift();
    if (!response) throw new Error("unexpected request");
    return response;
  };
  return { fetcher: fetcher as typeof fetch, requests };
}

const tokens = { access_token: "acc", refresh_token: "ref", token_type: "Bearer", expires_in: 900 };
const account = { email: "free@cadenza.local", password: "pw", displayName: "Freya", country: "SE" };

describe("createCadenzaClient", () => {
  it("registers with the API's field names", async () => {
    const { fetcher, requests } = fakeFetch(Response.json(tokens, { status: 201 }));
    await expect(createCadenzaClient("http://cadenza.test", fetcher).register(account)).resolves.toEqual(
      tokens,
    );
    expect(requests[0]?.url).toBe("http://cadenza.test/api/auth/register");
    expect(await requests[0]?.json()).toEqual({
      email: account.email,
      password: "pw",
      display_name: "Freya",
      country: "SE",
    });
  });

  it("treats an already registered email as null rather than an error", async () => {
    const conflict = Response.json(
      { error: { status: 409, code: "email_taken", message: "taken" } },
      { status: 409 },
    );
    const { fetcher } = fakeFetch(conflict);
    await expect(createCadenzaClient("http://cadenza.test", fetcher).register(account)).resolves.toBeNull();
  });

  it("throws the API's error message, status and code", async () => {
    const refused = Response.json(
      { error: { status: 401, code: "unauthorized", message: "Bad token." } },
      { status: 401 },
    );
    const { fetcher } = fakeFetch(refused);
    const error = await createCadenzaClient("http://cadenza.test", fetcher)
      .setUserAccess("wrong", { email: account.email, role: "artist" })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CadenzaApiError);
    expect(error).toMatchObject({
      status: 401,
      code: "unauthorized",
      message: "POST /internal/admin/users → 401: Bad token.",
    });
  });

  it("uploads the file and its metadata as multipart form fields with the artist's token", async () => {
    const dir = await mkdtemp(join(tmpdir(), "cadenza-client-"));
    try {
      const file = join(dir, "a.flac");
      await writeFile(file, "fLaC-bytes");
      const { fetcher, requests } = fakeFetch(
        Response.json({ track_id: "t1", job_id: "j1" }, { status: 202 }),
      );
      const result = await createCadenzaClient("http://cadenza.test", fetcher).uploadTrack(
        "artist-token",
        file,
        "a.flac",
        {
          title: "Stadtrand",
          artist: "Nordlicht Kollektiv",
          album: "Stadtrand",
          genre: "Electronic",
          releaseDate: "2024-10-04",
          trackNumber: 1,
          explicit: false,
          isrc: "XXCDZ2600015",
          markets: ["DE", "AT", "CH"],
          lyrics: "[00:01.00]Stadtrand",
        },
      );
      expect(result).toEqual({ track_id: "t1", job_id: "j1" });
      const request = requests[0];
      expect(request?.headers.get("authorization")).toBe("Bearer artist-token");
      const form = await request?.formData();
      const upload = form?.get("file") as File;
      expect(upload.name).toBe("a.flac");
      expect(upload.type).toBe("audio/flac");
      expect(await upload.text()).toBe("fLaC-bytes");
      const fields = [
        "title",
        "artist",
        "album",
        "genre",
        "release_date",
        "track_number",
        "explicit",
        "isrc",
        "markets",
        "lyrics",
      ];
      expect(Object.fromEntries(fields.map((field) => [field, form?.get(field)]))).toEqual({
        title: "Stadtrand",
        artist: "Nordlicht Kollektiv",
        album: "Stadtrand",
        genre: "Electronic",
        release_date: "2024-10-04",
        track_number: "1",
        explicit: "false",
        isrc: "XXCDZ2600015",
        markets: "DE,AT,CH",
        lyrics: "[00:01.00]Stadtrand",
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
