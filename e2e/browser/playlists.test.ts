import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Account,
  apiGet,
  cadenzaUrl,
  createAccount,
  launchBrowser,
  saveScreenshot,
  signedInPage,
} from "./harness.ts";

/**
 * Playlists in the web player: create one from the sidebar, add songs from an album page's track
 * menus, reorder by dragging with the real mouse (persisted), remove one; another listener never
 * sees a private playlist and cannot edit a public one; a collaborator joins by invite link.
 */

const ALBUM = "Mileage";
/** How long a changed list may take to show (a loaded machine renders slowly). */
const POLL = { timeout: 10_000 };
const SONGS = ["Rust & Chrome", "Interstate Hymn", "Last Call at Dalton's"] as const;

let browser: Browser;
let albumId: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const probe = await createAccount(cadenzaUrl(), { name: "probe" });
  const found = await apiGet<{ albums: { items: { id: string; name: string }[] } }>(
    cadenzaUrl(),
    probe,
    `/v1/search?type=album&q=${encodeURIComponent(ALBUM)}`,
  );
  const album = found.albums.items.find((item) => item.name === ALBUM);
  if (!album) throw new Error(`the demo album ${ALBUM} is missing`);
  albumId = album.id;
});

afterAll(async () => {
  await browser?.close();
});

/** The titles of the playlist page's rows, in order. */
async function rowTitles(page: Page): Promise<string[]> {
  const table = page.locator(".playlist-items table");
  await table.waitFor();
  return table.locator("tbody tr .track-name").allTextContents();
}

async function send(account: Account, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${cadenzaUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${account.accessToken}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Chooses a row's "More options" menu entry, then (if given) an entry of its submenu. */
async function chooseInMenu(page: Page, title: string, entry: string, subentry?: string) {
  await page.getByRole("button", { name: `More options for ${title}`, exact: true }).click();
  const menu = page.getByRole("menu");
  await menu.getByRole("menuitem", { name: entry }).click();
  if (subentry) await menu.getByRole("menuitem", { name: subentry, exact: true }).click();
}

describe("playlists in the web player", () => {
  it("creates a playlist, adds songs from an album, drag-reorders (persisted) and removes one", async () => {
    const { page, context, account, errors } = await signedInPage(browser, cadenzaUrl(), "fresh-premium");
    // Create from the sidebar: the page opens with the details dialog, name selected.
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("button", { name: "Create playlist" })
      .click();
    const dialog = page.getByRole("dialog", { name: "Edit details" });
    await dialog.waitFor();
    await dialog.getByLabel("Name").fill("Night Drive");
    await dialog.getByLabel("Description").fill("Songs for the long way home");
    await dialog.getByRole("button", { name: "Save" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.getByRole("heading", { level: 1, name: "Night Drive" }).waitFor();
    const playlistId = new URL(page.url()).pathname.split("/")[2] as string;
    await page.getByRole("heading", { name: "Let's find something for your playlist" }).waitFor();
    // The sidebar lists it, marked as the current page.
    await page.locator(`.playlist-sidebar a[aria-current="page"]`, { hasText: "Night Drive" }).waitFor();
    await saveScreenshot(page, "playlists-created-empty");

    // Add the album's three songs through each row's menu.
    await page.goto(`/album/${albumId}`);
    for (const title of SONGS) {
      await chooseInMenu(page, title, "Add to playlist", "Night Drive");
      await page.getByText("Added to Night Drive").first().waitFor();
    }
    // A duplicate is asked about first; "Don't add" leaves the playlist as it was.
    await chooseInMenu(page, SONGS[0], "Add to playlist", "Night Drive");
    const question = page.getByRole("dialog", { name: "Already added" });
    await question.waitFor();
    await saveScreenshot(page, "playlists-duplicate-warning");
    await question.getByRole("button", { name: "Don't add" }).click();

    await page.goto(`/playlist/${playlistId}`);
    expect(await rowTitles(page)).toEqual([...SONGS]);

    // Drag the last song onto the first row with the real mouse: it lands first.
    const handle = page.getByRole("button", { name: new RegExp(`^Move ${SONGS[2]}`) });
    const target = page.locator(".playlist-items tbody tr").first();
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error("rows not laid out");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await page.locator(".playlist-items tbody tr.drop-before").waitFor();
    await saveScreenshot(page, "playlists-drag-indicator");
    await page.mouse.up();
    const moved = [SONGS[2], SONGS[0], SONGS[1]];
    await expect.poll(() => rowTitles(page), POLL).toEqual(moved);
    // Persisted: the API and a reload agree.
    await expect
      .poll(async () => {
        const items = await apiGet<{ items: { track: { name: string } }[] }>(
          cadenzaUrl(),
          account,
          `/v1/playlists/${playlistId}/tracks`,
        );
        return items.items.map((item) => item.track.name);
      }, POLL)
      .toEqual(moved);
    await page.reload();
    expect(await rowTitles(page)).toEqual(moved);
    await saveScreenshot(page, "playlists-reordered");

    // Keyboard: "Move down" in the first row's menu.
    await chooseInMenu(page, SONGS[2], "Move down");
    await expect.poll(() => rowTitles(page), POLL).toEqual([SONGS[0], SONGS[2], SONGS[1]]);

    // Remove one through its menu; gone after a reload too.
    await chooseInMenu(page, SONGS[2], "Remove from this playlist");
    await expect.poll(() => rowTitles(page), POLL).toEqual([SONGS[0], SONGS[1]]);
    await page.reload();
    expect(await rowTitles(page)).toEqual([SONGS[0], SONGS[1]]);
    await expect(page.locator(".playlist-meta").textContent()).resolves.toContain("2 songs");
    await saveScreenshot(page, "playlists-removed");

    // "New playlist" in the submenu: created with the song, opened with its details to name.
    await chooseInMenu(page, SONGS[0], "Add to playlist", "New playlist");
    const naming = page.getByRole("dialog", { name: "Edit details" });
    await naming.waitFor();
    await naming.getByLabel("Name").fill("Just one");
    await naming.getByRole("button", { name: "Save" }).click();
    await page.getByRole("heading", { level: 1, name: "Just one" }).waitFor();
    expect(await rowTitles(page)).toEqual([SONGS[0]]);
    expect(new URL(page.url()).pathname).not.toBe(`/playlist/${playlistId}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("another listener never sees a private playlist and cannot edit a public one", async () => {
    const owner = await createAccount(cadenzaUrl(), { name: "owner" });
    const me = await apiGet<{ id: string }>(cadenzaUrl(), owner, "/v1/me");
    const create = async (name: string, isPublic: boolean) => {
      const res = await send(owner, "POST", `/v1/users/${me.id}/playlists`, { name, public: isPublic });
      const { id } = (await res.json()) as { id: string };
      const tracks = await apiGet<{ tracks: { items: { uri: string }[] } }>(
        cadenzaUrl(),
        owner,
        `/v1/albums/${albumId}`,
      );
      await send(owner, "POST", `/v1/playlists/${id}/tracks`, {
        uris: tracks.tracks.items.map((t) => t.uri),
      });
      return id;
    };
    const privateId = await create("Owner's secret", false);
    const publicId = await create("Owner's open mix", true);

    const { page, context, errors } = await signedInPage(browser, cadenzaUrl(), "fresh-free", {
      path: `/playlist/${privateId}`,
    });
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    expect(await page.getByText("Owner's secret").count()).toBe(0);
    await saveScreenshot(page, "playlists-private-not-found");

    await page.goto(`/playlist/${publicId}`);
    await page.getByRole("heading", { level: 1, name: "Owner's open mix" }).waitFor();
    expect(await rowTitles(page)).toEqual([...SONGS]);
    // Read-only: no handles, no Edit details, no remove; Follow instead.
    expect(await page.getByRole("button", { name: /^Move / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Edit details" }).count()).toBe(0);
    await page.getByRole("button", { name: "Follow" }).waitFor();
    await page.getByRole("button", { name: `More options for ${SONGS[0]}`, exact: true }).click();
    expect(await page.getByRole("menuitem", { name: "Remove from this playlist" }).count()).toBe(0);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Follow" }).click();
    await page.getByRole("button", { name: "Following" }).waitFor();
    await page.locator(".playlist-sidebar a", { hasText: "Owner's open mix" }).waitFor();
    await saveScreenshot(page, "playlists-public-read-only");
    // 404 answers are expected console noise for the private one.
    expect(errors.filter((line) => !/404/.test(line))).toEqual([]);
    await context.close();
  });

  it("a reorder against a stale snapshot is refused (409): the page reloads and says so", async () => {
    const { page, context, account } = await signedInPage(browser, cadenzaUrl(), "fresh-premium", {
      path: null,
    });
    const me = await apiGet<{ id: string }>(cadenzaUrl(), account, "/v1/me");
    const res = await send(account, "POST", `/v1/users/${me.id}/playlists`, { name: "Stale", public: false });
    const { id } = (await res.json()) as { id: string };
    const album = await apiGet<{ tracks: { items: { uri: string }[] } }>(
      cadenzaUrl(),
      account,
      `/v1/albums/${albumId}`,
    );
    await send(account, "POST", `/v1/playlists/${id}/tracks`, { uris: album.tracks.items.map((t) => t.uri) });
    await page.goto(`/playlist/${id}`);
    expect(await rowTitles(page)).toEqual([...SONGS]);
    // As if another device had changed the playlist unseen: the page's snapshot is stale.
    await page.route(`**/v1/playlists/${id}/tracks`, async (route) => {
      const request = route.request();
      if (request.method() !== "PUT") return route.continue();
      const body = { ...JSON.parse(request.postData() ?? "{}"), snapshot_id: "stale-snapshot" };
      return route.continue({ postData: JSON.stringify(body) });
    });
    await chooseInMenu(page, SONGS[0], "Move down");
    await page.getByText(/Someone else changed this playlist just now/).waitFor();
    // The optimistic move is undone by the reload: the server's order stands.
    await expect.poll(() => rowTitles(page), POLL).toEqual([...SONGS]);
    await saveScreenshot(page, "playlists-stale-snapshot");

    // Deleting asks first, then leaves for the library; the sidebar forgets it.
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const question = page.getByRole("dialog", { name: "Delete from Your Library?" });
    await question.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(/\/library$/);
    expect(await page.locator(".playlist-sidebar a", { hasText: "Stale" }).count()).toBe(0);
    expect((await send(account, "GET", `/v1/playlists/${id}`)).status).toBe(404);
    await context.close();
  });

  it("a collaborator joins by invite link and can reorder; the owner's page follows live", async () => {
    const owner = await signedInPage(browser, cadenzaUrl(), "fresh-premium");
    const ownerMe = await apiGet<{ id: string }>(cadenzaUrl(), owner.account, "/v1/me");
    const res = await send(owner.account, "POST", `/v1/users/${ownerMe.id}/playlists`, {
      name: "Band practice",
      collaborative: true,
    });
    const { id } = (await res.json()) as { id: string };
    const album = await apiGet<{ tracks: { items: { uri: string }[] } }>(
      cadenzaUrl(),
      owner.account,
      `/v1/albums/${albumId}`,
    );
    await send(owner.account, "POST", `/v1/playlists/${id}/tracks`, {
      uris: album.tracks.items.map((t) => t.uri),
    });
    await owner.page.goto(`/playlist/${id}`);
    await owner.page.getByRole("button", { name: "Share" }).click();
    const share = owner.page.getByRole("dialog", { name: "Share Band practice" });
    await share.getByRole("button", { name: "Create invite link" }).click();
    const inviteUrl = await share.getByLabel("Invite link").inputValue();
    expect(inviteUrl).toMatch(/\/share\/playlist\/.+\?invite=/);
    await saveScreenshot(owner.page, "playlists-invite-link");
    await share.getByRole("button", { name: "Close" }).click();

    // The share page's "Join" opens the player at /playlist/{id}?invite=…, which joins.
    const invite = new URL(inviteUrl).searchParams.get("invite") as string;
    const guest = await signedInPage(browser, cadenzaUrl(), "fresh-free", {
      path: `/playlist/${id}?invite=${invite}`,
    });
    await guest.page.getByRole("heading", { level: 1, name: "Band practice" }).waitFor();
    expect(new URL(guest.page.url()).search).toBe("");
    await guest.page
      .getByRole("button", { name: /^Move / })
      .first()
      .waitFor();
    await chooseInMenu(guest.page, SONGS[0], "Move down");
    await expect.poll(() => rowTitles(guest.page), POLL).toEqual([SONGS[1], SONGS[0], SONGS[2]]);
    await saveScreenshot(guest.page, "playlists-collaborator");

    // The owner's open page hears of it (pushed, or on its next look) and shows the new order.
    await expect
      .poll(() => rowTitles(owner.page), { timeout: 15_000 })
      .toEqual([SONGS[1], SONGS[0], SONGS[2]]);
    await owner.page.getByRole("button", { name: "Activity" }).click();
    await owner.page.getByText(/moved song #1 to #2/).waitFor();
    await saveScreenshot(owner.page, "playlists-activity");
    expect(owner.errors).toEqual([]);
    expect(guest.errors).toEqual([]);
    await owner.context.close();
    await guest.context.close();
  });
});
