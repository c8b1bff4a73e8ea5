import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Makes a fresh checkout runnable: local-only secrets in `.dev.vars` (from the committed
 * example) and the player's vendored scripts under `web/public/vendor`. Idempotent.
 */
export function prepare(root = join(dirname(fileURLToPath(import.meta.url)), "..")): void {
  const devVars = join(root, ".dev.vars");
  if (!existsSync(devVars)) {
    copyFileSync(join(root, ".dev.vars.example"), devVars);
    console.log("[prepare] wrote .dev.vars from .dev.vars.example (local-only secrets)");
  }
  const vendor = join(root, "web/public/vendor");
  mkdirSync(vendor, { recursive: true });
  const require = createRequire(import.meta.url);
  copyFileSync(require.resolve("hls.js/dist/hls.min.js"), join(vendor, "hls.min.js"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prepare();
