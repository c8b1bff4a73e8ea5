import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/free-port.ts";
import { prepare } from "../../scripts/prepare.ts";
import { seedDemo } from "../../scripts/seed-demo.ts";
import { readDevVars, type Stack, startStack } from "../../scripts/stack.ts";
import { createBrowserRecord, killLeftoverBrowsers } from "./browser-processes.ts";
import { withRetriesAcrossReloads } from "./retry-on-reload.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Cadenza every browser test drives, e.g. `http://127.0.0.1:40123`. */
    cadenzaUrl: string;
    /** The service token (`TRANSCODER_TOKEN`): sets users' role and product. */
    serviceToken: string;
    /** Where launched browsers are recorded, so the teardown can kill leftovers. */
    browserRecordDir: string;
  }
}

/** Transcoding the demo catalog takes 2–5 minutes on an idle laptop; far longer on a busy CI box. */
const SEED_TIMEOUT_MS = 30 * 60_000;

/**
 * Global setup of the `browser` project: one real stack (wrangler dev + transcoder) for every
 * browser test file, seeded with the demo catalog once. Environment switches for iterating:
 * - `CADENZA_E2E_URL`: drive an already-running Cadenza (e.g. `npm run dev`) instead; it is
 *   seeded (a no-op when already seeded) and left running.
 * - `CADENZA_E2E_STATE`: keep the stack's state in this directory across runs, so the second
 *   run skips the transcodes (the default is a fresh temp directory, removed afterwards).
 */
export default async function setup(project: TestProject) {
  prepare();
  const serviceToken = readDevVars().TRANSCODER_TOKEN as string;
  const log = (line: string) => console.log(line);
  let stack: Stack | undefined;
  let work: string | undefined;
  let url = process.env.CADENZA_E2E_URL?.replace(/\/$/, "");
  if (!url) {
    const keptState = process.env.CADENZA_E2E_STATE;
    work = keptState ? undefined : mkdtempSync(join(tmpdir(), "cadenza-e2e-browser-"));
    stack = await startStack({
      port: await freePort(),
      transcoderPort: await freePort(),
      persistTo: keptState ? resolve(keptState) : join(work as string, "state"),
    });
    url = stack.url;
    // Vitest interrupted (Ctrl-C) during setup skips the teardown: still end the stack's children.
    const started = stack;
    process.once("exit", () => void started.stop());
  }
  const startedAt = Date.now();
  try {
    const baseUrl = url;
    await withRetriesAcrossReloads(baseUrl, () =>
      seedDemo({ baseUrl, token: serviceToken, log, statusLine: null, timeoutMs: SEED_TIMEOUT_MS }),
    );
  } catch (err) {
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
    throw new Error(
      `seeding the demo catalog failed: ${(err as Error).message}\n${stack?.output.slice(-30).join("\n") ?? ""}`,
    );
  }
  log(
    `[e2e:browser] Cadenza at ${url}, demo catalog ready in ${((Date.now() - startedAt) / 1000).toFixed(0)} s`,
  );
  project.provide("cadenzaUrl", url);
  project.provide("serviceToken", serviceToken);
  const browserRecordDir = mkdtempSync(join(tmpdir(), "cadenza-e2e-browsers-"));
  createBrowserRecord(browserRecordDir);
  project.provide("browserRecordDir", browserRecordDir);
  return async () => {
    const killed = killLeftoverBrowsers(browserRecordDir);
    if (killed.length > 0)
      log(`[e2e:browser] killed ${killed.length} leftover Chromium process(es): ${killed.join(", ")}`);
    await stack?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  };
}
