import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  bearer,
  call,
  expectRejected,
  json,
  newUser,
  postUpload,
  publishSyntheticEncode,
  seedPlayableTrack,
  type TestUser,
  wav,
} from "../test/helpers.ts";

const LRC = "[ar:Mara Quinn]\n[ti:Salt Glass]\n[00:12.50]Second line\n[00:03.20][00:30.00]Sung twice\n";

let listener: TestUser;
let artist: TestUser;
beforeAll(async () => {
  [listener, artist] = await Promise.all([newUser(), newUser({ role: "artist" })]);
});

function putLyrics(trackId: string, user: TestUser | null, body: unknown) {
  const init = json(body, { method: "PUT" });
  return call(`/api/tracks/${trackId}/lyrics`, user ? bearer(user.access_token, init) : init);
}
const deleteLyrics = (trackId: string, user: TestUser) =>
  call(`/api/tracks/${trackId}/lyrics`, bearer(user.access_token, { method: "DELETE" }));
const getLyrics = (trackId: string, user: TestUser = listener) =>
  call(`/api/lyrics/${trackId}`, bearer(user.access_token));

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { status: number; code: string; message: string } }).error;
}

describe("lyrics", () => {
  it("lets the artist's account set synced lyrics that every listener can read", async () => {
    const { trackId } = await seedPlayableTrack({ managedBy: artist.id });
    const put = await putLyrics(trackId, artist, { lrc: LRC, language: "en" });
    expect(put.status).toBe(200);
    const expected = {
      track_id: trackId,
      synced: true,
      language: "en",
      lines: [
        { start_ms: 3200, text: "Sung twice" },
        { start_ms: 12_500, text: "Second line" },
        { start_ms: 30_000, text: "Sung twice" },
      ],
    };
    expect(await put.json()).toEqual(expected);
    const got = await getLyrics(trackId);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(expected);
    expect((await call(`/api/lyrics/${trackId}`)).status).toBe(401);
  });

  it("replaces lyrics with plain text, and deletes them", async () => {
    const { trackId } = await seedPlayableTrack({ managedBy: artist.id });
    await putLyrics(trackId, artist, { lrc: LRC });
    expect((await putLyrics(trackId, artist, { text: "First line\n\nSecond verse" })).status).toBe(200);
    expect(await (await getLyrics(trackId)).json()).toEqual({
      track_id: trackId,
      synced: false,
      language: null,
      lines: [
        { start_ms: null, text: "First line" },
        { start_ms: null, text: "" },
        { start_ms: null, text: "Second verse" },
      ],
    });
    expect((await deleteLyrics(trackId, artist)).status).toBe(204);
    expect((await getLyrics(trackId)).status).toBe(404);
    expect((await deleteLyrics(trackId, artist)).status).toBe(404);
  });

  it("refuses listeners and other artists (403) but lets an admin edit", async () => {
    const { trackId } = await seedPlayableTrack({ managedBy: artist.id });
    await putLyrics(trackId, artist, { lrc: LRC });
    const stranger = await newUser({ role: "artist" });
    const admin = await newUser({ role: "admin" });

    const asListener = await putLyrics(trackId, listener, { text: "Hijacked" });
    expect(asListener.status).toBe(403);
    expect((await errorOf(asListener)).code).toBe("forbidden");
    const asStranger = await putLyrics(trackId, stranger, { text: "Hijacked" });
    expect(asStranger.status).toBe(403);
    expect((await errorOf(asStranger)).code).toBe("track_not_yours");
    expect((await deleteLyrics(trackId, stranger)).status).toBe(403);
    expect((await deleteLyrics(trackId, listener)).status).toBe(403);
    expect((await putLyrics(trackId, null, { text: "Hijacked" })).status).toBe(401);
    expect(((await (await getLyrics(trackId)).json()) as { synced: boolean }).synced).toBe(true);

    expect((await putLyrics(trackId, admin, { text: "Corrected by the admin" })).status).toBe(200);
    expect(((await (await getLyrics(trackId)).json()) as { synced: boolean }).synced).toBe(false);
  });

  it("has no lyrics for unknown tracks, ads, tracks without any, or tracks not playable yet (404)", async () => {
    const admin = await newUser({ role: "admin" });
    const ad = await seedPlayableTrack({ advertiser: "Fizzy Cola" });
    expect((await putLyrics(ad.trackId, admin, { text: "Buy now" })).status).toBe(404);
    expect((await putLyrics("0000000000000000000000", admin, { text: "x" })).status).toBe(404);
    expect((await getLyrics("0000000000000000000000")).status).toBe(404);
    const { trackId } = await seedPlayableTrack({ managedBy: artist.id });
    const none = await getLyrics(trackId);
    expect(none.status).toBe(404);
    expect(await errorOf(none)).toMatchObject({ status: 404, code: "not_found" });
    await putLyrics(trackId, artist, { lrc: LRC });
    await env.DB.prepare("UPDATE tracks SET current_encode_id = NULL WHERE id = ?").bind(trackId).run();
    expect((await getLyrics(trackId)).status).toBe(404);
  });

  it.each([
    ["a malformed timestamp", { lrc: "[00:01.00]ok\n[0:7]bad" }, "line 2: malformed timestamp [0:7]"],
    ["an untimed LRC line", { lrc: "[00:01.00]ok\nforgot the time" }, "line 2: no [mm:ss.xx] timestamp"],
    ["LRC without lyric lines", { lrc: "[ar:Someone]\n[ti:Nothing]" }, "no lyric lines"],
    ["empty text", { text: "   \n" }, "no lyric lines"],
    ["more than 64 KiB", { text: "la ".repeat(22_000) }, "larger than 64 KiB"],
    ["both lrc and text", { lrc: LRC, text: "x" }, "exactly one of"],
    ["neither lrc nor text", { language: "en" }, "exactly one of"],
    ["an unknown field", { text: "x", lyrics: "y" }, "lyrics"],
    ["a bad language tag", { text: "x", language: "english!" }, "BCP 47"],
  ])("rejects %s with a 400 that says what is wrong", async (_why, body, message) => {
    const { trackId } = await seedPlayableTrack({ managedBy: artist.id });
    const res = await putLyrics(trackId, artist, body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("invalid_request");
    expect(error.message).toContain(message);
    expect((await getLyrics(trackId)).status).toBe(404);
  });
});

describe("lyrics uploaded with the track", () => {
  const upload = (fields: Record<string, string>) =>
    postUpload("/api/tracks", artist, wav(), { artist: `Lyricist ${artist.id}`, ...fields });

  it("stores LRC sent as the `lyrics` form field, served once the track is playable", async () => {
    const res = await upload({ title: "With words", lyrics: LRC });
    expect(res.status).toBe(202);
    const { track_id, job_id } = (await res.json()) as { track_id: string; job_id: string };
    expect((await getLyrics(track_id)).status).toBe(404);
    await publishSyntheticEncode(track_id, job_id, [2000]);
    expect(await (await getLyrics(track_id)).json()).toMatchObject({
      track_id,
      synced: true,
      lines: [{ start_ms: 3200 }, { start_ms: 12_500 }, { start_ms: 30_000 }],
    });
  });

  it("stores a `lyrics` field without timestamps as plain lyrics", async () => {
    const res = await upload({ title: "Plain words", lyrics: "Just words\nno times" });
    const { track_id, job_id } = (await res.json()) as { track_id: string; job_id: string };
    await publishSyntheticEncode(track_id, job_id, [2000]);
    expect(await (await getLyrics(track_id)).json()).toMatchObject({
      synced: false,
      lines: [
        { start_ms: null, text: "Just words" },
        { start_ms: null, text: "no times" },
      ],
    });
  });

  it("refuses the whole upload, keeping nothing, when its lyrics are malformed", async () => {
    await expectRejected(
      upload({ title: "Bad words", lyrics: "[00:01.00]ok\n[00:99.00]bad" }),
      400,
      "invalid_request",
    );
  });
});
