import { env } from "cloudflare:workers";
import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../test/postgres.ts";
import { configureNeon, RequestPool, withNeonPool } from "./neon.ts";

// The Neon driver inside workerd, through scripts/pg-ws-proxy.ts, to the local PostgreSQL.
let url: string;

beforeAll(async () => {
  url = await freshPostgresDatabase();
});

describe("Neon driver against the local PostgreSQL", () => {
  it("runs a query in a fresh database cloned from the template", async () => {
    const { rows } = await withNeonPool(env, url, (db) =>
      db.execute<{ name: string; two: number }>(sql`select current_database() as name, 1 + 1 as two`),
    );
    expect(rows).toEqual([{ name: new URL(url).pathname.slice(1), two: 2 }]);
  });

  it("commits a transaction, and a rolled-back one leaves no row", async () => {
    const rows = await withNeonPool(env, url, async (db) => {
      await db.execute(sql`create table probe (id integer primary key, note text not null)`);
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into probe values (1, 'kept')`);
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.execute(sql`insert into probe values (2, 'dropped')`);
          tx.rollback();
        }),
      ).rejects.toThrow("Rollback");
      return (await db.execute(sql`select id, note from probe order by id`)).rows;
    });
    expect(rows).toEqual([{ id: 1, note: "kept" }]);
  });

  it("serves pool after pool: each use creates, uses and ends its own", async () => {
    for (let request = 1; request <= 3; request++) {
      const { rows } = await withNeonPool(env, url, (db) =>
        db.execute(sql`select ${request}::int as request`),
      );
      expect(rows).toEqual([{ request }]);
    }
  });

  it("gives each fresh database its own state", async () => {
    const other = await freshPostgresDatabase();
    expect(other).not.toBe(url);
    const { rows } = await withNeonPool(env, other, (db) =>
      db.execute(sql`select to_regclass('probe') as probe`),
    );
    expect(rows).toEqual([{ probe: null }]);
  });

  it("reports a wrong password as an error, not a hang", async () => {
    const wrong = new URL(url);
    wrong.password = "not-the-password";
    const failure = await withNeonPool(env, wrong.href, (db) => db.execute(sql`select 1`)).catch(
      (error) => error,
    );
    expect(failure.cause?.message).toMatch(/password authentication failed for user "postgres"/);
  });
});

describe("a request's pool", () => {
  /** Connections to the test database other than the asking one. */
  const connections = () =>
    withNeonPool(env, url, async (db) => {
      const { rows } = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      return rows[0]?.n;
    });

  it("closes only when the work in flight is done, and work after that closes its own pool", async () => {
    const pool = new RequestPool(env, url);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = pool.use(async (db) => {
      await held;
      return (await db.execute<{ v: number }>(sql`select 7 as v`)).rows[0]?.v;
    });
    const closed = pool.close();
    let closedYet = false;
    void closed.then(() => {
      closedYet = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The request has "ended", but a query of its waitUntil work is still running.
    expect(closedYet).toBe(false);
    release();
    expect(await slow).toBe(7);
    await closed;
    expect(await connections()).toBe(0);
    // Work that starts after the close (a late waitUntil step) gets a pool that ends with it.
    const late = await pool.use(
      async (db) => (await db.execute<{ v: number }>(sql`select 8 as v`)).rows[0]?.v,
    );
    expect(late).toBe(8);
    expect(await connections()).toBe(0);
  });
});

describe("configureNeon", () => {
  it("leaves Neon's settings alone when NEON_LOCAL_PROXY is unset", () => {
    const before = { ...neonConfig.opts };
    configureNeon({});
    expect(neonConfig.opts).toEqual(before);
  });
});
