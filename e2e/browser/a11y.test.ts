import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatViolations, isBlocking, runAxe } from "./axe.ts";
import { DEMO, findDemoId } from "./demo-catalog.ts";
import {
  type Account,
  accountFor,
  cadenzaUrl,
  launchBrowser,
  newAppContext,
  type SignedInPage,
  saveScreenshot,
  signedInPage,
  VIEWPORTS,
  waitForAudioToAdvance,
} from "./harness.ts";

/**
 * Accessibility: axe-core on the main pages at desktop and phone width, signed in as the demo
 * premium listener (read only). Serious and critical violations fail, listed with selectors;
 * moderate and minor ones are printed for the record.
 */

let browser: Browser;
let premium: Account;
const ids = { album: "", artist: "", playlist: "", show: "" };

beforeAll(async () => {
  browser = await launchBrowser();
  premium = await accountFor(cadenzaUrl(), "premium");
  const base = cadenzaUrl();
  [ids.album, ids.artist, ids.playlist, ids.show] = await Promise.all([
    findDemoId(base, premium, "album", DEMO.album),
    findDemoId(base, premium, "artist", DEMO.artist),
    findDemoId(base, premium, "playlist", DEMO.playlistMix),
    findDemoId(base, premium, "show", DEMO.show),
  ]);
});

afterAll(async () => {
  await browser?.close();
});

/** The signed-in pages, by name → path (ids resolved after setup). */
const PAGES: [string, () => string][] = [
  ["home", () => "/"],
  ["search", () => `/search?q=${encodeURIComponent("night")}`],
  ["album", () => `/album/${ids.album}`],
  ["artist", () => `/artist/${ids.artist}`],
  ["playlist", () => `/playlist/${ids.playlist}`],
  ["library", () => "/library"],
  ["liked-songs", () => "/collection/tracks"],
  ["settings", () => "/settings"],
  ["show", () => `/show/${ids.show}`],
];

/** Waits until the page has rendered its content: a heading in main and nothing still loading. */
async function waitForPage(page: Page): Promise<void> {
  await page.locator("main h1").first().waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'), undefined, {
    timeout: 15_000,
  });
  // Images and late sections settle; axe reads colours from what is painted.
  await page.waitForTimeout(500);
}

async function check(page: Page, where: string): Promise<void> {
  const violations = await runAxe(page);
  const minor = violations.filter((v) => !isBlocking(v));
  if (minor.length > 0) console.log(formatViolations(where, minor));
  const blocking = violations.filter(isBlocking);
  expect(
    blocking,
    `serious or critical accessibility violations:\n${formatViolations(where, blocking)}`,
  ).toEqual([]);
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  describe(`at ${viewportName} width (${viewport.width} px)`, () => {
    it("the login page has no serious violations", async () => {
      const context = await newAppContext(browser, cadenzaUrl(), viewport);
      const page = await context.newPage();
      try {
        await page.goto("/login");
        await waitForPage(page);
        await saveScreenshot(page, `a11y-login-${viewportName}`);
        await check(page, `login (${viewportName})`);
      } finally {
        await context.close();
      }
    });

    describe("signed in", () => {
      let signedIn: SignedInPage;
      beforeAll(async () => {
        signedIn = await signedInPage(browser, cadenzaUrl(), "premium", { path: null, viewport });
      });
      afterAll(async () => {
        await signedIn?.context.close();
      });

      for (const [name, path] of PAGES) {
        it(`the ${name} page has no serious violations`, async () => {
          const { page } = signedIn;
          await page.goto(path());
          await waitForPage(page);
          await saveScreenshot(page, `a11y-${name}-${viewportName}`);
          await check(page, `${name} (${viewportName})`);
        });
      }
    });
  });
}

describe("while a song plays (desktop)", () => {
  let signedIn: SignedInPage;
  beforeAll(async () => {
    // A fresh listener: starting playback must not move the shared demo accounts' sessions.
    signedIn = await signedInPage(browser, cadenzaUrl(), "fresh-premium", { path: `/album/${ids.album}` });
    const { page } = signedIn;
    await page
      .getByRole("button", { name: `Play ${DEMO.track}` })
      .first()
      .click();
    await waitForAudioToAdvance(page, { seconds: 0.5, timeoutMs: 30_000 });
  });
  afterAll(async () => {
    await signedIn?.context.close();
  });

  for (const [name, path] of [
    ["album-playing", () => `/album/${ids.album}`],
    ["queue", () => "/queue"],
    ["lyrics", () => "/lyrics"],
    ["profile", () => "/me"],
  ] as const) {
    it(`the ${name} page has no serious violations`, async () => {
      const { page } = signedIn;
      await page.goto(path());
      await waitForPage(page);
      await saveScreenshot(page, `a11y-${name}-desktop`);
      await check(page, `${name} (desktop, playing)`);
    });
  }
});
