/**
 * `npm run catalog:generate -- --tracks 1000000 [--seed 7] [--replace] [--persist-to DIR]`:
 * writes a synthetic catalogue of that many tracks straight into the local D1 database that
 * `npm run dev` uses (after applying the migrations), then rebuilds the search index, with a
 * progress bar. Stop `npm run dev` first: the database file must not be in use.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { countGenerated, deleteGenerated, generateCatalog } from "./catalog/generate-catalog.ts";
import { rebuildSearchIndex } from "./catalog/search-index.ts";
import { progressBar, terminalStatusLine } from "./demo/progress.ts";
import { migrateLocal, ROOT } from "./stack.ts";

/** The local D1 database file under a wrangler state directory (the one holding the catalogue). */
export function findLocalD1File(persistTo: string): string {
  const dir = join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  for (const file of files) {
    const db = new DatabaseSync(join(dir, file), { readOnly: true });
    try {
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tracks'").get()) {
        return join(dir, file);
      }
    } finally {
      db.close();
    }
  }
  throw new Error(`no local D1 catalogue under ${dir}: run \`npm run dev\` once, or check --persist-to`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      tracks: { type: "string", default: "1000000" },
      seed: { type: "string", default: "7" },
      replace: { type: "boolean", default: false },
      "persist-to": { type: "string", default: join(ROOT, ".wrangler", "state") },
    },
  });
  const tracks = Number(values.tracks);
  const seed = Number(values.seed);
  if (!Number.isInteger(tracks) || tracks < 1 || tracks > 20_000_000) {
    throw new Error("--tracks must be a whole number from 1 to 20000000");
  }
  if (!Number.isInteger(seed)) throw new Error("--seed must be a whole number");
  const persistTo = resolve(values["persist-to"] as string);
  console.log(`[catalog] applying migrations to the local D1 database in ${persistTo}`);
  await migrateLocal(persistTo);
  const file = findLocalD1File(persistTo);
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: false, timeout: 0 });
  try {
    try {
      db.exec("BEGIN IMMEDIATE");
      db.exec("ROLLBACK");
    } catch {
      throw new Error(
        "the local database is in use: stop `npm run dev` (or wrangler dev) and run this again",
      );
    }
    const existing = countGenerated(db);
    if (existing > 0 && !values.replace) {
      throw new Error(
        `the catalogue already has ${existing} generated tracks: pass --replace to generate it again`,
      );
    }
    if (existing > 0)
      console.log(`[catalog] removed ${deleteGenerated(db)} generated tracks of an earlier run`);
    db.exec("PRAGMA synchronous = OFF");
    const started = performance.now();
    const status = statusLine();
    const counts = generateCatalog(db, {
      tracks,
      seed,
      nowMs: Date.now(),
      onProgress: (fraction, written) =>
        status(`[catalog] tracks ${written}/${tracks} ${progressBar(fraction, 20)}`),
    });
    const generatedMs = performance.now() - started;
    status(null);
    console.log(
      `[catalog] wrote ${counts.artists} artists, ${counts.albums} albums, ${counts.tracks} tracks in ${(generatedMs / 1000).toFixed(1)} s`,
    );
    const indexStarted = performance.now();
    rebuildSearchIndex(db, (step, fraction) =>
      status(`[catalog] search index: ${step} ${progressBar(fraction, 20)}`),
    );
    status(null);
    const indexMs = performance.now() - indexStarted;
    console.log(`[catalog] built the search index in ${(indexMs / 1000).toFixed(1)} s`);
    db.exec("PRAGMA synchronous = FULL");
    console.log(
      `[catalog] done in ${((generatedMs + indexMs) / 1000).toFixed(1)} s: start it with \`npm run dev\``,
    );
  } finally {
    db.close();
  }
}

/** A progress line rewritten in place on a terminal, else logged at most every 5 s; `null` ends it. */
function statusLine(): (line: string | null) => void {
  const terminal = terminalStatusLine();
  let last = 0;
  let open = false;
  return (line) => {
    if (line === null) {
      if (open) terminal?.end();
      open = false;
    } else if (terminal) {
      terminal.update(line);
      open = true;
    } else if (Date.now() - last > 5000) {
      console.log(line);
      last = Date.now();
    }
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(`[catalog] failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
