import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Cadenza } from "../e2e/api-client.ts";
import { findLocalD1File } from "../scripts/catalog-generate.ts";
import { freePort } from "../scripts/free-port.ts";
import { prepare } from "../scripts/prepare.ts";
import { migrateLocal, readDevVars, type Stack, startStack } from "../scripts/stack.ts";
import { startWorkerdDirect } from "./workerd-direct.ts";

/** What a benchmark gets once its catalogue is served: the stack, a premium listener's token, the database size. */
export interface ServedCatalog {
  stack: Stack;
  cadenza: Cadenza;
  token: string;
  dbBytes: number;
  /**
   * Stops `wrangler dev` and runs `measure` against workerd-direct: the same deploy bundle over
   * the same persisted state on one workerd, without the dev-only proxy (another port, so the
   * edge cache, keyed by origin, starts empty).
   */
  onWorkerdDirect<T>(measure: (url: string) => Promise<T>): Promise<T>;
}

/**
 * Runs a benchmark against its own catalogue: a fresh local D1 in a temporary directory gets the
 * migrations, then `fill` writes into it directly with `node:sqlite` (synchronous writes off),
 * then `wrangler dev` and the transcoder serve it and `run` measures. Everything is removed after.
 */
export async function withCatalogStack<Filled, Result>(
  name: string,
  log: (line: string) => void,
  fill: (db: DatabaseSync) => Filled,
  run: (served: ServedCatalog, filled: Filled) => Promise<Result>,
): Promise<Result> {
  prepare();
  const workDir = mkdtempSync(join(tmpdir(), `cadenza-bench-${name}-`));
  const persistTo = join(workDir, "state");
  let stack: Stack | undefined;
  try {
    log("applying migrations to a fresh local D1");
    await migrateLocal(persistTo);
    const file = findLocalD1File(persistTo);
    const db = new DatabaseSync(file, { enableForeignKeyConstraints: false });
    let filled: Filled;
    try {
      db.exec("PRAGMA synchronous = OFF");
      filled = fill(db);
      db.exec("PRAGMA synchronous = FULL");
    } finally {
      db.close();
    }
    const dbBytes = statSync(file).size;
    log("starting wrangler dev + transcoder on that state");
    stack = await startStack({ port: await freePort(), transcoderPort: await freePort(), persistTo });
    const cadenza = new Cadenza(stack.url, readDevVars().TRANSCODER_TOKEN as string);
    const token = await cadenza.account(`bench-${name}@example.com`, { product: "premium", country: "US" });
    const served = stack;
    const onWorkerdDirect = async <T>(measure: (url: string) => Promise<T>): Promise<T> => {
      await served.stop();
      log("on workerd-direct (the same bundle and state, no dev proxy)");
      const direct = await startWorkerdDirect(workDir, await freePort(), { persistTo });
      try {
        return await measure(direct.url);
      } finally {
        await direct.close();
      }
    };
    return await run({ stack, cadenza, token, dbBytes, onWorkerdDirect }, filled);
  } finally {
    await stack?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}
