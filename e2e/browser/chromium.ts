import { type Browser, chromium } from "playwright-core";
import { forgetBrowser, recordBrowser } from "./browser-processes.ts";

/** Debian's Chromium (`.ci/run` installs it with apt when absent). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Flags that work headless as root on a CI box: no sandbox (root), no GPU, no QUIC, nothing
 * phoning home, and media allowed to start without a gesture (tests press play by script too).
 */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--autoplay-policy=no-user-gesture-required",
];

/**
 * Launches headless Chromium (a fresh profile) and connects to it. Closing the returned browser
 * ends the process. With `recordDir`, the process id is recorded there until it exits, so a
 * teardown can kill it should the test worker die first (see `browser-processes.ts`).
 */
export async function launchChromium(recordDir?: string): Promise<Browser> {
  const server = await chromium.launchServer({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  const pid = server.process().pid;
  if (recordDir && pid) {
    recordBrowser(recordDir, pid);
    server.process().once("exit", () => forgetBrowser(recordDir, pid));
  }
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    browser.once("disconnected", () => void server.close().catch(() => undefined));
    return browser;
  } catch (err) {
    await server.close();
    throw err;
  }
}
