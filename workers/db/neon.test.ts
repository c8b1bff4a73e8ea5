import { env } from "cloudflare:workers";
import { neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { freshPostgresDatabase } from "../test/postgres.ts";
import { configureNeon, withNeonPool } from "./neon.ts";

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

describe("configureNeon", () => {
  it("leaves Neon's settings alone when NEON_LOCAL_PROXY is unset", () => {
    const before = { ...neonConfig.opts };
    configureNeon({});
    expect(neonConfig.opts).toEqual(before);
  });
});
