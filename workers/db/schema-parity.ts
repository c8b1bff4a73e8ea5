import type { Table } from "drizzle-orm";
import type * as pg from "./schema.pg.ts";
import type * as sqlite from "./schema.sqlite.ts";

/**
 * Compile-time proof that the Postgres schema mirrors the D1 one, checked by `npm run typecheck`
 * (nothing here runs): both export the same tables, under the same table and column names, with
 * identical `$inferSelect` and `$inferInsert` row types — so one data-access layer can serve both.
 * A failure names the tables that differ.
 */

/** Tables that exist on one side only: the Postgres search index (D1's is custom FTS5 SQL). */
type PgOnly = "searchItems";

/** True exactly when A and B are the same type (not merely mutually assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Accepts only `never`: an error here shows the names that differ (`'"tracks"' … 'never'`). */
type None<T extends never> = T;

type TableExports<M> = { [K in keyof M]: M[K] extends Table ? K : never }[keyof M];
type PgTables = Exclude<TableExports<typeof pg>, PgOnly>;
type SqliteTables = TableExports<typeof sqlite>;
type Shared = PgTables & SqliteTables;

type ColumnNames<T extends Table> = { [K in keyof T["_"]["columns"]]: T["_"]["columns"][K]["_"]["name"] };

type SelectMismatch = {
  [K in Shared]: Equal<(typeof pg)[K]["$inferSelect"], (typeof sqlite)[K]["$inferSelect"]> extends true
    ? never
    : K;
}[Shared];
type InsertMismatch = {
  [K in Shared]: Equal<(typeof pg)[K]["$inferInsert"], (typeof sqlite)[K]["$inferInsert"]> extends true
    ? never
    : K;
}[Shared];
type TableNameMismatch = {
  [K in Shared]: Equal<(typeof pg)[K]["_"]["name"], (typeof sqlite)[K]["_"]["name"]> extends true ? never : K;
}[Shared];
type ColumnNameMismatch = {
  [K in Shared]: Equal<ColumnNames<(typeof pg)[K]>, ColumnNames<(typeof sqlite)[K]>> extends true ? never : K;
}[Shared];

export type SchemaParity = [
  // Guards the checks below against passing vacuously.
  None<[Shared] extends [never] ? "no shared tables" : never>,
  /** Tables exported by one schema only. */
  None<Exclude<PgTables, SqliteTables> | Exclude<SqliteTables, PgTables>>,
  None<SelectMismatch>,
  None<InsertMismatch>,
  None<TableNameMismatch>,
  None<ColumnNameMismatch>,
];
