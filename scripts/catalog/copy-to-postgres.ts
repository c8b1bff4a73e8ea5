import type { DatabaseSync } from "node:sqlite";
import { isTable } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import type pg from "pg";
import * as schema from "../../workers/db/schema.pg.ts";

/** Rows per INSERT: one JSON parameter each, so the statement size stays bounded. */
const CHUNK_ROWS = 5000;

/** Tables the D1 side indexes for search itself (FTS5); Postgres builds its own index. */
const NOT_COPIED = new Set(["search_items"]);

/**
 * Copies every catalogue table of a D1 (SQLite) file into a migrated, empty Postgres database,
 * so both backends can be measured on the same generated catalogue. Tables go in foreign-key order
 * (a table after those it references); each chunk is one
 * `INSERT … SELECT * FROM json_populate_recordset(…)`, the column names being the same on both
 * sides (`schema-parity.ts`). The search index is not copied: rebuild it with
 * `pgRebuildSearchIndex` afterwards. Returns the rows copied per table.
 */
export async function copyCatalogToPostgres(
  sqlite: DatabaseSync,
  client: pg.Client,
  onProgress?: (table: string, rows: number) => void,
): Promise<Map<string, number>> {
  const copied = new Map<string, number>();
  const tables = inForeignKeyOrder(
    (Object.values(schema) as unknown[]).filter((value): value is PgTable => isTable(value)),
  ).filter((config) => !NOT_COPIED.has(config.name));
  await client.query("BEGIN");
  try {
    for (const table of tables) {
      const columns = table.columns.map((column) => column.name);
      const list = columns.map((name) => `"${name}"`).join(", ");
      const read = sqlite.prepare(`SELECT ${list} FROM "${table.name}" LIMIT ? OFFSET ?`);
      let rows = 0;
      for (;;) {
        const chunk = read.all(CHUNK_ROWS, rows);
        if (chunk.length === 0) break;
        await client.query(
          `INSERT INTO "${table.name}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table.name}", $1::json)`,
          [JSON.stringify(chunk)],
        );
        rows += chunk.length;
        onProgress?.(table.name, rows);
      }
      copied.set(table.name, rows);
    }
    // Identity columns continue after the copied ids.
    for (const table of tables) {
      for (const column of table.columns.filter((c) => c.generatedIdentity !== undefined)) {
        await client.query(
          `SELECT setval(pg_get_serial_sequence('"${table.name}"', '${column.name}'), COALESCE(MAX("${column.name}"), 0) + 1, false) FROM "${table.name}"`,
        );
      }
    }
    await client.query("COMMIT");
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  }
  await client.query("ANALYZE");
  return copied;
}

/** The tables' configs, each after the tables its foreign keys reference. */
function inForeignKeyOrder(tables: PgTable[]): ReturnType<typeof getTableConfig>[] {
  const configs = new Map(tables.map((table) => [table, getTableConfig(table)]));
  const ordered: ReturnType<typeof getTableConfig>[] = [];
  const placed = new Set<PgTable>();
  const place = (table: PgTable, path: Set<PgTable>) => {
    if (placed.has(table)) return;
    if (path.has(table)) throw new Error(`foreign keys form a cycle through ${getTableConfig(table).name}`);
    const config = configs.get(table) ?? getTableConfig(table);
    path.add(table);
    for (const key of config.foreignKeys) {
      const referenced = key.reference().foreignTable;
      if (referenced !== table) place(referenced, path);
    }
    path.delete(table);
    placed.add(table);
    ordered.push(config);
  };
  for (const table of tables) place(table, new Set());
  return ordered;
}
