import { describe, expect, it } from "vitest";
import {
  bearer,
  call,
  newUser,
  seedPlayableTrack,
  seedUnpublishedTrack,
  type TestUser,
} from "../test/helpers.ts";

interface Notification {
  type: string;
  album: { id: string; name: string; type: string; total_tracks: number; artists: { id: string }[] };
  artist: { id: string; type: string };
  created_at: string;
  read: boolean;
}
interface Notifications {
  items: Notification[];
  total: number;
  unread: number;
  next: string | null;
}

async function notifications(user: TestUser, query = "") {
  const res = await call(`/api/me/notifications${query}`, bearer(user.access_token));
  expect(res.status).toBe(200);
  return (await res.json()) as Notifications;
}

const followArtist = (user: TestUser, id: string, method: "PUT" | "DELETE" = "PUT") =>
  call(`/v1/me/following?type=artist&ids=${id}`, bearer(user.access_token, { method }));

const markRead = (user: TestUser) =>
  call("/api/me/notifications/read", bearer(user.access_token, { method: "POST" }));

/** Lets the clock move on, so what happens next happens later. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("notifications", { timeout: 30_000 }, () => {
  it("lists albums a followed artist released after the follow, newest first, with read state", async () => {
    const fan = await newUser();
    const bystander = await newUser();
    const before = await seedPlayableTrack({ albumName: "Back Catalogue" });
    const artist = before.artistId;
    const unfollowed = await seedPlayableTrack({ albumName: "Someone Else" });
    await tick();
    expect((await followArtist(fan, artist)).status).toBe(204);
    await tick();
    const fresh = await seedPlayableTrack({ artistId: artist, albumName: "Fresh", albumType: "single" });
    await seedPlayableTrack({ artistId: unfollowed.artistId, albumName: "Also New" });
    // Not browsable yet (nothing published): no notification until it is.
    await seedUnpublishedTrack({ artistId: artist, albumName: "In The Works" });

    const first = await notifications(fan);
    expect(first).toMatchObject({ total: 1, unread: 1 });
    expect(first.items).toEqual([
      expect.objectContaining({
        type: "new_release",
        album: expect.objectContaining({ id: fresh.albumId, name: "Fresh", type: "album", total_tracks: 1 }),
        artist: expect.objectContaining({ id: artist, type: "artist" }),
        read: false,
      }),
    ]);
    expect(Date.parse(first.items[0]?.created_at ?? "")).toBeGreaterThan(0);
    expect(await notifications(bystander)).toMatchObject({ total: 0, unread: 0, items: [] });

    expect((await markRead(fan)).status).toBe(204);
    expect(await notifications(fan)).toMatchObject({ total: 1, unread: 0, items: [{ read: true }] });

    await tick();
    const newest = await seedPlayableTrack({ artistId: artist, albumName: "Newest" });
    const both = await notifications(fan);
    expect(both).toMatchObject({ total: 2, unread: 1 });
    expect(both.items.map((item) => [item.album.id, item.read])).toEqual([
      [newest.albumId, false],
      [fresh.albumId, true],
    ]);
    const paged = await notifications(fan, "?limit=1&offset=1");
    expect(paged.items.map((item) => item.album.id)).toEqual([fresh.albumId]);
    expect((await call("/api/me/notifications?limit=0", bearer(fan.access_token))).status).toBe(400);

    // Unfollowing ends them.
    await followArtist(fan, artist, "DELETE");
    expect(await notifications(fan)).toMatchObject({ total: 0, unread: 0 });
  });

  it("needs a token", async () => {
    expect((await call("/api/me/notifications")).status).toBe(401);
    expect((await call("/api/me/notifications/read", { method: "POST" })).status).toBe(401);
  });
});
