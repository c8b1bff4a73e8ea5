import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Makes a fresh checkout runnable: local-only secrets in `.dev.vars` (from the committed
 * example) and the web player built into `web/dist` (rebuilt when a source file is newer than
 * the build). Idempotent.
 */
export function prepare(root = join(dirname(fileURLToPath(import.meta.url)), "..")): void {
  const devVars = join(root, ".dev.vars");
  if (!existsSync(devVars)) {
    copyFileSync(join(root, ".dev.vars.example"), devVars);
    console.log("[prepare] wrote .dev.vars from .dev.vars.example (local-only secrets)");
  }
  if (webBuildIsStale(root)) buildWeb(root);
}

/** The Vite command line for the web player (`--watch` rebuilds on change, for `npm run dev`). */
export function viteBuildArgs(root: string, watch = false): string[] {
  const args = [
    join(root, "node_modules/vite/bin/vite.js"),
    "build",
    "--config",
    join(root, "web/vite.config.ts"),
  ];
  return watch ? [...args, "--watch"] : args;
}

function buildWeb(root: string): void {
  console.log("[prepare] building the web player (web/ → web/dist)");
  execFileSync(process.execPath, viteBuildArgs(root), { cwd: root, stdio: "inherit" });
}

function webBuildIsStale(root: string): boolean {
  const built = join(root, "web/dist/index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.name !== "dist" && entry.name !== "node_modules")
        .map((entry) => {
          const path = join(dir, entry.name);
          return entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
        }),
    );
  return newest(join(root, "web")) > builtAt || statSync(join(root, "package-lock.json")).mtimeMs > builtAt;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) prepare();
