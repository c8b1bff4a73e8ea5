import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "../../scripts/demo/accounts.ts";
import { cadenzaUrl, launchBrowser, newAppContext, saveScreenshot, watchErrors } from "./harness.ts";

/** The harness's smoke test: the real login form signs the demo premium listener in. */

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

it("logs in through the form and shows the signed-in shell", async () => {
  const context = await newAppContext(browser, cadenzaUrl());
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto("/");
  await page.waitForURL(/\/login/);
  await page.getByLabel("Email").fill(DEMO_ACCOUNTS.premium.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  expect(new URL(page.url()).pathname).toBe("/");
  expect(await page.getByRole("main").count()).toBe(1);
  await saveScreenshot(page, "login");
  expect(errors).toEqual([]);
  await context.close();
});
