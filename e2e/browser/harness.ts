import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { ROOT } from "../../scripts/stack.ts";
import { type Account, accountFor, type Who } from "./accounts.ts";
import { launchChromium } from "./chromium.ts";

/**
 * The browser suite's harness: one shared stack (see `global-setup.ts`), Chromium launched per
 * file, signed-in pages, screenshots and the player's media element. Typical file:
 *
 * ```ts
 * const browser = await launchBrowser();           // in beforeAll; browser.close() in afterAll
 * const { page } = await signedInPage(browser, cadenzaUrl(), "fresh-premium");
 * await page.goto("/search");
 * await saveScreenshot(page, "search");
 * ```
 */

export {
  type Account,
  accountFor,
  createAccount,
  grantAccess,
  logInOverHttp,
  type Who,
} from "./accounts.ts";
export {
  ACTIVE_AUDIO_SELECTOR,
  type AudioState,
  audioState,
  waitForAudioToAdvance,
  waitForAudioToPause,
} from "./audio-state.ts";
export { CHROMIUM_ARGS, CHROMIUM_PATH } from "./chromium.ts";

/** Base URL of the shared Cadenza, e.g. `http://127.0.0.1:40123` (no trailing slash). */
export const cadenzaUrl = (): string => inject("cadenzaUrl");
/** The service token (sets roles and products through `/internal/admin/users`). */
export const serviceToken = (): string => inject("serviceToken");

/** Launches headless Debian Chromium for one test file; close it in `afterAll`. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium(inject("browserRecordDir"));
}

/** Phone and desktop viewports for layout checks. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  account: Account;
  /** Uncaught page errors and console errors, in order (assert it's empty where it matters). */
  errors: string[];
}

/**
 * A new browser context (its own storage: a separate device) with the app's session in
 * localStorage (`cadenza.session`) before any page script runs, and a page on `path`
 * (default `/`; pass `null` to stay on about:blank). The session is put in once per context,
 * so the app's own refreshes and a log-out are not undone by a reload.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  who: Who,
  options: { path?: string | null; viewport?: { width: number; height: number } } = {},
): Promise<SignedInPage> {
  const account = await accountFor(baseUrl, who);
  const context = await newAppContext(browser, baseUrl, options.viewport);
  await context.addInitScript(
    (stored) => {
      if (localStorage.getItem("cadenza.e2e.session-put")) return;
      localStorage.setItem("cadenza.session", JSON.stringify(stored));
      localStorage.setItem("cadenza.e2e.session-put", "1");
    },
    {
      accessToken: account.accessToken,
      refreshToken: account.refreshToken,
      refreshAt: Date.now() + account.expiresIn * 1000 - 60_000,
    },
  );
  const page = await context.newPage();
  const errors = watchErrors(page);
  if (options.path !== null) await page.goto(options.path ?? "/");
  return { context, page, account, errors };
}

/** A fresh context on the app (signed out), `baseURL` set so `page.goto("/album/…")` works. */
export function newAppContext(
  browser: Browser,
  baseUrl: string,
  viewport: { width: number; height: number } = VIEWPORTS.desktop,
): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, viewport, locale: "en-US" });
}

/** Collects a page's uncaught errors and console errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Where screenshots go: one PNG per scenario, kept as the run's artifacts. */
export const ARTIFACTS_DIR = join(ROOT, ".tmp/e2e-artifacts");

/** Saves a full-page screenshot as `.tmp/e2e-artifacts/{scenario}.png`; returns the path. */
export async function saveScreenshot(page: Page, scenario: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${scenario.replace(/[^a-z0-9._-]+/gi, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** GETs the API as `account` (for ids: albums, tracks, playlists), throwing on non-2xx. */
export async function apiGet<T>(baseUrl: string, account: Account, path: string): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${account.accessToken}` },
  });
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * One Chromium for the calling test file, launched before its tests and closed after them with
 * every context `open` made: `const { open } = browserForFile();` at the top of the file.
 */
export function browserForFile(): {
  open(who: Who, path?: string): Promise<SignedInPage>;
  browser(): Browser;
} {
  let browser: Browser | undefined;
  const opened: SignedInPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const { context } of opened) await context.close().catch(() => undefined);
    await browser?.close();
  });
  const current = () => {
    if (!browser) throw new Error("browserForFile(): the browser starts in beforeAll");
    return browser;
  };
  return {
    browser: current,
    async open(who, path = "/") {
      const signed = await signedInPage(current(), cadenzaUrl(), who, { path });
      opened.push(signed);
      return signed;
    },
  };
}
