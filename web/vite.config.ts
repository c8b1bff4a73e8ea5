import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/**
 * The web player: `web/` is the Vite root, `web/static` is copied as is, and the build lands in
 * `web/dist`, which wrangler.toml serves as the Worker's static assets (nothing from a CDN).
 * JSX is Preact's, compiled by Vite's own transformer (no framework plugin needed).
 */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  publicDir: "static",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    // hls.js alone is ~400 kB minified; the warning would only repeat that.
    chunkSizeWarningLimit: 800,
  },
  logLevel: "warn",
});
