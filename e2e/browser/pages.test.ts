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
  VIEWPORTS,
} from "./harness.ts";

/**
 * The browsing pages in the web player, against the demo catalog: search through autocomplete,
 * like a song on an album page and find it in Liked Songs, the artist / album / podcast /
 * episode pages, an album not licensed in the listener's country, unknown ids, settings that
 * persist, and the library's "Create playlist".
 */

let browser: Browser;
let probe: Account;

interface Found {
  albums?: { items: { id: string; name: string }[] };
  artists?: { items: { id: string; name: string }[] };
  shows?: { items: ({ id: string; name: string } | null)[] };
}

/** The id of the demo item of `type` named `name` (searched as a fresh US listener). */
async function idOf(type: "album" | "artist" | "show", name: string): Promise<string> {
  const found = await apiGet<Found>(
    cadenzaUrl(),
    probe,
    `/v1/search?type=${type}&q=${encodeURIComponent(name)}`,
  );
  const items = (found[`${type}s`]?.items ?? []) as ({ id: string; name: string } | null)[];
  const item = items.find((candidate) => candidate?.name === name);
  if (!item) throw new Error(`the demo ${type} "${name}" is missing`);
  return item.id;
}

/** Waits for the page's `h1` to read `name`. */
function heading(page: Page, name: string) {
  return page.getByRole("heading", { level: 1, name, exact: true }).waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  probe = await createAccount(cadenzaUrl(), { name: "pages-probe" });
});

afterAll(async () => {
  await browser?.close();
});

describe("search", () => {
  it("suggests as you type; choosing a song opens its album with the song highlighted", async () => {
    const { page, context, errors } = await signedInPage(browser, cadenzaUrl(), "premium", {
      path: "/search",
    });
    const input = page.locator("#search-input");
    await input.click();
    await input.pressSequentially("café des", { delay: 60 });
    const suggestion = page.getByRole("option", { name: /Café des Étoiles/ });
    await suggestion.waitFor();
    expect(await input.getAttribute("aria-expanded")).toBe("true");
    await saveScreenshot(page, "pages-search-autocomplete");

    // Arrow keys move the active option; Enter opens it.
    await input.press("ArrowDown");
    const active = await input.getAttribute("aria-activedescendant");
    expect(active).toBe("suggestion-0");
    expect(await page.locator(`#${active}`).getAttribute("aria-selected")).toBe("true");
    await suggestion.click();
    await page.waitForURL(/\/album\/[^/?]+\?highlight=/);
    await heading(page, "Nuits de Velours");
    await page.locator("tr.highlighted", { hasText: "Café des Étoiles" }).waitFor();
    await saveScreenshot(page, "pages-search-to-album");
    expect(errors.filter((e) => e.startsWith("pageerror"))).toEqual([]);
    await context.close();
  });

  it("submits to results by type, with filter chips", async () => {
    const { page, context } = await signedInPage(browser, cadenzaUrl(), "premium", { path: "/search" });
    const input = page.locator("#search-input");
    await input.fill("edge notes");
    await input.press("Enter");
    await page.waitForURL(/\/search\?q=edge(\+|%20)notes/);
    await page.getByRole("heading", { name: "Top result" }).waitFor();
    await page.getByRole("link", { name: "Edge Notes" }).first().waitFor();
    await page.getByRole("link", { name: "Podcasts", exact: true }).click();
    await page.waitForURL(/type=show/);
    expect(await page.getByRole("link", { name: "Podcasts", exact: true }).getAttribute("aria-current")).toBe(
      "page",
    );
    await saveScreenshot(page, "pages-search-results");
    await context.close();
  });

  it("shows genres to browse for an empty query, and no-results for nonsense", async () => {
    const { page, context } = await signedInPage(browser, cadenzaUrl(), "premium", { path: "/search" });
    await page.getByRole("heading", { name: "Browse all" }).waitFor();
    await page.getByRole("list", { name: "Genres" }).getByRole("link", { name: "Jazz" }).click();
    await page.waitForURL(/\/genre\//);
    await heading(page, "Jazz");
    await page.getByRole("link", { name: "Nuits de Velours" }).waitFor();
    await page.goto("/search?q=zzqxqz");
    await page.getByRole("heading", { name: 'No results found for "zzqxqz"' }).waitFor();
    await context.close();
  });
});

describe("library", () => {
  it("likes a song on an album page and finds it in Liked Songs; unliking removes it", async () => {
    const albumId = await idOf("album", "Nuits de Velours");
    const { page, context, account } = await signedInPage(browser, cadenzaUrl(), "fresh-premium", {
      path: `/album/${albumId}`,
    });
    await heading(page, "Nuits de Velours");
    await page.getByRole("button", { name: "Save Minuit, quai Voltaire to Liked Songs" }).first().click();
    await page
      .getByRole("button", { name: "Remove Minuit, quai Voltaire from Liked Songs" })
      .first()
      .waitFor();
    // Liked on the server, not only on screen (the heart changes first; the request follows).
    await expect
      .poll(async () => {
        const saved = await apiGet<{ items: { track: { name: string } }[] }>(
          cadenzaUrl(),
          account,
          "/v1/me/tracks",
        );
        return saved.items.map((item) => item.track.name);
      })
      .toEqual(["Minuit, quai Voltaire"]);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Liked Songs" }).click();
    await heading(page, "Liked Songs");
    const table = page.getByRole("table", { name: "Liked Songs" });
    await table.getByRole("link", { name: "Minuit, quai Voltaire" }).waitFor();
    await saveScreenshot(page, "pages-liked-songs");

    await table.getByRole("button", { name: "Remove Minuit, quai Voltaire from Liked Songs" }).click();
    await page.getByRole("heading", { name: "Songs you like will appear here" }).waitFor();
    await expect
      .poll(async () => (await apiGet<{ total: number }>(cadenzaUrl(), account, "/v1/me/tracks")).total)
      .toBe(0);
    await context.close();
  });

  it("saves an album from its page into the library, and creates a playlist", async () => {
    const albumId = await idOf("album", "Mileage");
    const { page, context } = await signedInPage(browser, cadenzaUrl(), "fresh-premium", {
      path: `/album/${albumId}`,
    });
    await heading(page, "Mileage");
    await page.getByRole("button", { name: "Save Mileage to Your Library" }).click();
    await page.getByRole("button", { name: "Saved Mileage to Your Library" }).waitFor();
    await page.goto("/library?tab=albums");
    await page.getByRole("list", { name: "Saved albums" }).getByRole("link", { name: "Mileage" }).waitFor();
    await saveScreenshot(page, "pages-library-albums");
    await page.getByRole("link", { name: "Playlists", exact: true }).click();
    await page.getByRole("button", { name: "+ Create playlist" }).click();
    await page.waitForURL(/\/playlist\/[^/?]+/);
    await context.close();
  });
});

describe("catalog pages", () => {
  it("opens an artist: header, follow, popular tracks, discography", async () => {
    const artistId = await idOf("artist", "Mara Quinn");
    const { page, context, account } = await signedInPage(browser, cadenzaUrl(), "fresh-premium", {
      path: `/artist/${artistId}`,
    });
    await heading(page, "Mara Quinn");
    await page.getByRole("heading", { name: "Discography" }).waitFor();
    await page
      .getByRole("list", { name: "Releases by Mara Quinn" })
      .getByRole("link", { name: "Tidal Rooms" })
      .waitFor();
    await page.getByRole("button", { name: "Follow Mara Quinn" }).click();
    await page.getByRole("button", { name: "Following Mara Quinn" }).waitFor();
    const follows = await apiGet<boolean[]>(
      cadenzaUrl(),
      account,
      `/v1/me/following/contains?type=artist&ids=${artistId}`,
    );
    expect(follows).toEqual([true]);
    await saveScreenshot(page, "pages-artist");
    await page.getByRole("link", { name: "Tidal Rooms" }).first().click();
    await heading(page, "Tidal Rooms");
    await page
      .getByRole("table", { name: "Tracks of Tidal Rooms" })
      .getByRole("link", { name: "Salt Glass" })
      .first()
      .waitFor();
    await saveScreenshot(page, "pages-album");
    await context.close();
  });

  it("opens a podcast and an episode", async () => {
    const showId = await idOf("show", "Edge Notes");
    const { page, context } = await signedInPage(browser, cadenzaUrl(), "fresh-premium", {
      path: `/show/${showId}`,
    });
    await heading(page, "Edge Notes");
    await page.getByRole("heading", { name: "All episodes" }).waitFor();
    const firstEpisode = page.locator(".episode-title").first();
    const title = ((await firstEpisode.textContent()) ?? "").trim();
    await page.getByRole("button", { name: "Follow Edge Notes" }).first().click();
    await page.getByRole("button", { name: "Following Edge Notes" }).first().waitFor();
    await saveScreenshot(page, "pages-show");
    await firstEpisode.click();
    await page.waitForURL(/\/episode\//);
    await heading(page, title);
    await page.getByRole("heading", { name: "Episode description" }).waitFor();
    await page.getByRole("link", { name: "Edge Notes" }).first().waitFor();
    await saveScreenshot(page, "pages-episode");
    await page.goto("/library?tab=shows");
    await page
      .getByRole("list", { name: "Your podcasts" })
      .getByRole("link", { name: "Edge Notes" })
      .waitFor();
    await context.close();
  });

  it("greys an album not licensed in the listener's country, with the reason", async () => {
    const albumId = await idOf("album", "Stadtrand");
    const { page, context } = await signedInPage(
      browser,
      cadenzaUrl(),
      { fresh: "premium", country: "SE", name: "pages-se" },
      { path: `/album/${albumId}` },
    );
    await heading(page, "Stadtrand");
    await page.getByText("This album isn't available to play in your country.").waitFor();
    await page
      .locator("tr.unavailable", { hasText: "Kaltfront" })
      .getByText("Not available in your country")
      .waitFor();
    // The page's play button (a row's play button for the song "Stadtrand" has the same name).
    expect(await page.locator(".action-bar .page-play-button").isDisabled()).toBe(true);
    await saveScreenshot(page, "pages-album-451");
    await context.close();
  });

  it("says so for unknown ids, and for unknown paths", async () => {
    const { page, context } = await signedInPage(browser, cadenzaUrl(), "premium", {
      path: "/album/nosuchalbum000",
    });
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    await page.goto("/artist/nosuchartist000");
    await page.getByRole("heading", { name: "Not found" }).waitFor();
    await page.goto("/no/such/page");
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await saveScreenshot(page, "pages-not-found");
    await context.close();
  });

  it("lays out at phone width", async () => {
    const albumId = await idOf("album", "Late Bus Home");
    const { page, context } = await signedInPage(browser, cadenzaUrl(), "premium", {
      path: `/album/${albumId}`,
      viewport: VIEWPORTS.phone,
    });
    await heading(page, "Late Bus Home");
    await page.getByRole("table", { name: "Tracks of Late Bus Home" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await saveScreenshot(page, "pages-album-phone");
    await page.goto("/");
    await page.getByRole("heading", { name: "New releases" }).waitFor();
    await saveScreenshot(page, "pages-home-phone");
    await context.close();
  });
});

describe("settings", () => {
  it("caps a free listener's quality choices, and remembers changes across reloads", async () => {
    const { page, context, account } = await signedInPage(browser, cadenzaUrl(), "fresh-free", {
      path: "/settings",
    });
    await heading(page, "Settings");
    const quality = page.getByLabel("Streaming quality");
    await page.getByText("Free accounts stream at up to High (160 kbps).", { exact: false }).waitFor();
    expect(await quality.locator('option[value="lossless"]').isDisabled()).toBe(true);
    expect(await quality.locator('option[value="very_high"]').isDisabled()).toBe(true);
    await quality.selectOption("normal");

    const normalise = page.getByRole("switch", { name: /Normalise volume/ });
    expect(await normalise.isChecked()).toBe(true);
    await normalise.uncheck();

    const share = page.getByRole("switch", { name: /Share my listening activity/ });
    await expect.poll(() => share.isEnabled()).toBe(true);
    expect(await share.isChecked()).toBe(true);
    await share.uncheck();
    await expect
      .poll(
        async () =>
          (await apiGet<{ share_activity: boolean }>(cadenzaUrl(), account, "/api/me/privacy"))
            .share_activity,
      )
      .toBe(false);

    await page.reload();
    await heading(page, "Settings");
    expect(await page.getByLabel("Streaming quality").inputValue()).toBe("normal");
    expect(await page.getByRole("switch", { name: /Normalise volume/ }).isChecked()).toBe(false);
    await expect
      .poll(() => page.getByRole("switch", { name: /Share my listening activity/ }).isEnabled())
      .toBe(true);
    expect(await page.getByRole("switch", { name: /Share my listening activity/ }).isChecked()).toBe(false);
    await saveScreenshot(page, "pages-settings");
    await context.close();
  });

  it("shows your own profile at /me", async () => {
    const { page, context, account } = await signedInPage(
      browser,
      cadenzaUrl(),
      { fresh: "free", name: "profile-owner" },
      { path: "/me" },
    );
    await page.waitForURL(/\/user\//);
    await heading(page, "profile-owner");
    await page.getByRole("heading", { name: "Public playlists", exact: true }).waitFor();
    const me = await apiGet<{ id: string }>(cadenzaUrl(), account, "/v1/me");
    expect(new URL(page.url()).pathname).toBe(`/user/${me.id}`);
    await saveScreenshot(page, "pages-profile");
    await context.close();
  });
});
