import { spawn } from "node:child_process";
import { prepare, viteBuildArgs } from "./prepare.ts";
import { seedDemo } from "./seed-demo.ts";
import { ROOT, readDevVars, startStack } from "./stack.ts";

/**
 * `npm run dev`: Cadenza on http://localhost:8787 with the transcoder beside it, and the demo
 * catalog seeded through the real upload → queue → transcode path on the first run.
 */
const port = Number(process.env.PORT ?? 8787);
const transcoderPort = Number(process.env.TRANSCODER_PORT ?? 8788);

prepare();
// The web player rebuilds into web/dist on every change; wrangler dev serves the new files.
const webWatch = spawn(process.execPath, viteBuildArgs(ROOT, true), { cwd: ROOT, stdio: "inherit" });
console.log(`[dev] starting wrangler dev on :${port} and the transcoder on :${transcoderPort}…`);
const stack = await startStack({
  port,
  transcoderPort,
  log: (line) => {
    // Keep the transcoder's own and the seeder's polling chatter out of the terminal.
    if (
      !/^\[wrangler\] (\[wrangler:info\] (GET|POST|PUT) \/(internal|api\/transcode\/jobs)|\s*$)/.test(line)
    ) {
      console.log(line);
    }
  },
});
const shutdown = async () => {
  console.log("\n[dev] stopping…");
  webWatch.kill("SIGTERM");
  await stack.stop();
  process.exit(0);
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

try {
  await seedDemo({
    baseUrl: stack.url,
    token: readDevVars().TRANSCODER_TOKEN as string,
    log: (l) => console.log(l),
  });
} catch (err) {
  console.error(`[dev] seeding the demo catalog failed: ${(err as Error).message}`);
  console.error("[dev] Cadenza keeps running; fix the cause and run `npm run seed` to retry.");
}
console.log(`
[dev] Cadenza is up: http://localhost:${port}
[dev] demo accounts (local only), password "cadenza-demo":
        free@cadenza.local  ·  premium@cadenza.local  ·  artist@cadenza.local  ·  admin@cadenza.local
[dev] Ctrl-C stops everything.`);
