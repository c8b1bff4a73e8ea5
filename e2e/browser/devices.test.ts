import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { formatViolations, isBlocking, runAxe } from "./axe.ts";
import { demoAlbumId, playDemoAlbum } from "./demo-catalog.ts";
import {
  apiGet,
  audioState,
  browserForFile,
  cadenzaUrl,
  saveScreenshot,
  waitForAudioToAdvance,
  waitForAudioToPause,
} from "./harness.ts";

/**
 * The player's extras in a real Chromium against the demo catalog: two browser contexts of one
 * listener are two devices and the device picker moves playback between them (the one left
 * pauses and says so); the lyrics view highlights the sung line as the track plays and seeks to
 * a clicked line; the queue page shows what was queued from track menus, reorders it by drag and
 * by button, and removes from it. Each scenario signs in a fresh account (its own session).
 */

const ALBUM = "Nuits de Velours";
const QUEUED_ALBUM = "Mileage";
const QUEUED = ["Rust & Chrome", "Interstate Hymn", "Last Call at Dalton's"] as const;
/** How long a polled expectation may take: the shared machine is slow at times. */
const POLL = { timeout: 15_000, interval: 200 };

const { open } = browserForFile();

const bar = (page: Page) => page.locator("footer.player-bar");

/** This tab's device id, once it registered (the player keeps it in sessionStorage). */
async function deviceIdOf(page: Page): Promise<string> {
  await expect
    .poll(() => page.evaluate(() => sessionStorage.getItem("cadenza.device")), { timeout: 15_000 })
    .toBeTruthy();
  return page.evaluate(
    () => (JSON.parse(sessionStorage.getItem("cadenza.device") as string) as { id: string }).id,
  );
}

/** Opens the device picker from the player bar and chooses the device `id`. */
async function transferWithPicker(page: Page, id: string): Promise<void> {
  await bar(page)
    .getByRole("button", { name: /^Devices/ })
    .click();
  const picker = page.getByRole("dialog", { name: "Connect to a device" });
  await picker.waitFor();
  const option = picker.locator(`button[data-device-id="${id}"]`);
  await option.waitFor({ timeout: 15_000 });
  await option.click();
  await picker.waitFor({ state: "detached" });
}

describe("devices", () => {
  it("moves playback to a second browser with the picker: the first pauses and says so, the second plays", async () => {
    const first = await open("fresh-premium");
    await playDemoAlbum(first, ALBUM);
    const second = await open({ email: first.account.email, password: first.account.password });
    const firstId = await deviceIdOf(first.page);
    const secondId = await deviceIdOf(second.page);

    // The picker lists both tabs, this one as "This browser", marked as the one playing.
    await bar(first.page)
      .getByRole("button", { name: /^Devices/ })
      .click();
    const picker = first.page.getByRole("dialog", { name: "Connect to a device" });
    await picker.locator(`button[data-device-id="${secondId}"]`).waitFor({ timeout: 15_000 });
    const here = picker.locator(`button[data-device-id="${firstId}"]`);
    expect(await here.getAttribute("aria-current")).toBe("true");
    expect(await here.textContent()).toContain("This browser");
    await saveScreenshot(first.page, "devices-picker");
    const blocking = (await runAxe(first.page)).filter(isBlocking);
    expect(blocking, formatViolations("the open device picker", blocking)).toEqual([]);
    // Escape closes it and gives focus back to the devices button.
    await first.page.keyboard.press("Escape");
    await picker.waitFor({ state: "detached" });
    expect(await first.page.evaluate(() => document.activeElement?.getAttribute("aria-haspopup"))).toBe(
      "dialog",
    );

    await transferWithPicker(first.page, secondId);
    await waitForAudioToPause(first.page);
    const notice = first.page.getByTestId("takeover-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/Playback moved to .+/);
    await waitForAudioToAdvance(second.page, { seconds: 1, timeoutMs: 30_000 });
    await saveScreenshot(first.page, "devices-taken-over");

    // Dismissed, the notice goes; taking playback back from the picker ("This browser") works too.
    await notice.getByRole("button", { name: "Dismiss" }).click();
    await notice.waitFor({ state: "detached" });
    await transferWithPicker(first.page, firstId);
    await waitForAudioToPause(second.page);
    await waitForAudioToAdvance(first.page, { seconds: 1, timeoutMs: 30_000 });
    await second.page.getByTestId("takeover-notice").waitFor();
    await saveScreenshot(second.page, "devices-taken-back");
  });
});

describe("lyrics", () => {
  it("highlights the sung line as the track plays, and seeks to a clicked line", async () => {
    const signed = await open("fresh-premium");
    const { page } = signed;
    await playDemoAlbum(signed, ALBUM);
    await bar(page).getByRole("button", { name: "Lyrics" }).click();
    await page.waitForURL(/\/lyrics$/);
    const lines = page.getByRole("list", { name: "Synced lyrics" }).locator("li");
    await lines.first().waitFor({ timeout: 15_000 });
    const currentIndex = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll(".lyrics-synced li")).findIndex(
          (li) => li.getAttribute("aria-current") === "true",
        ),
      );

    // Clicking a line seeks there: it becomes the current one.
    const target = 3;
    await lines.nth(target).getByRole("button").click();
    await expect.poll(currentIndex, { timeout: 15_000 }).toBe(target);
    const audio = await audioState(page);
    expect(audio?.paused).toBe(false);
    await saveScreenshot(page, "lyrics-highlighted");

    // Then the highlight moves on by itself as the song goes on.
    await expect.poll(currentIndex, { timeout: 20_000, interval: 250 }).toBeGreaterThan(target);
    expect(await page.locator('.lyrics-synced li[aria-current="true"]').count()).toBe(1);
    await saveScreenshot(page, "lyrics-moved-on");
  });
});

describe("queue", () => {
  interface QueueBody {
    queue: { position: number; track: { name: string } }[];
    next_from_context: { name: string }[];
  }

  it("shows tracks added to the queue from track menus, reorders them (drag and buttons) and removes one", async () => {
    const signed = await open("fresh-premium");
    const { page, account } = signed;
    await playDemoAlbum(signed, ALBUM);
    await page.goto(`/album/${await demoAlbumId(account, QUEUED_ALBUM)}`);
    for (const title of QUEUED) {
      await page.getByRole("button", { name: `More options for ${title}`, exact: true }).click();
      await page.getByRole("menu").getByRole("menuitem", { name: "Add to queue" }).click();
      await page.getByText("Added to queue").first().waitFor();
    }

    await bar(page).getByRole("button", { name: "Queue" }).click();
    await page.waitForURL(/\/queue$/);
    const queued = page.getByRole("table", { name: "Next in queue" });
    const titles = () => queued.locator("tbody tr .track-name").allInnerTexts();
    const apiTitles = async () =>
      (await apiGet<QueueBody>(cadenzaUrl(), account, "/api/player/queue")).queue.map((q) => q.track.name);
    await expect.poll(titles, POLL).toEqual([...QUEUED]);
    await page.getByRole("heading", { name: `Next from: ${ALBUM}` }).waitFor();
    const fromContext = page.getByRole("table", { name: "Next from this context" });
    expect(await fromContext.locator("tbody tr").count()).toBeGreaterThan(0);
    await saveScreenshot(page, "queue-added");

    // Drag the last queued song onto the first row with the real mouse: it plays first.
    const handle = queued.getByRole("button", { name: new RegExp(`^Move ${QUEUED[2]} \\(drag`) });
    const from = await handle.boundingBox();
    const to = await queued.locator("tbody tr").first().boundingBox();
    if (!from || !to) throw new Error("rows not laid out");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await queued.locator("tbody tr.drop-before").waitFor();
    await page.mouse.up();
    const dragged = [QUEUED[2], QUEUED[0], QUEUED[1]];
    await expect.poll(titles, POLL).toEqual(dragged);
    await expect.poll(apiTitles, POLL).toEqual(dragged);
    await saveScreenshot(page, "queue-reordered");

    // The keyboard's way: "Move … down" on the first row.
    await queued.getByRole("button", { name: `Move ${QUEUED[2]} down`, exact: true }).click();
    const movedDown = [QUEUED[0], QUEUED[2], QUEUED[1]];
    await expect.poll(titles, POLL).toEqual(movedDown);
    await expect.poll(apiTitles, POLL).toEqual(movedDown);

    // Remove one.
    await queued.getByRole("button", { name: `Remove ${QUEUED[2]} from queue`, exact: true }).click();
    await expect.poll(titles, POLL).toEqual([QUEUED[0], QUEUED[1]]);
    await expect.poll(apiTitles, POLL).toEqual([QUEUED[0], QUEUED[1]]);
    await saveScreenshot(page, "queue-removed");
  });
});
