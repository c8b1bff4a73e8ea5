import { type Column, type SQL, sql } from "drizzle-orm";

/**
 * `column IN (…values)` with the whole list bound as one JSON parameter: D1 allows at most 100
 * bound parameters per query, and a page of 100 playlist items names up to 100 tracks, albums
 * and artists. SQLite still probes the column's index once per value.
 */
export function inList(column: Column | SQL, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** A statement as drizzle's `toSQL()` and the search index builders give it. */
export interface Step {
  sql: string;
  params: unknown[];
}

/** Runs statements as one D1 batch: one round trip, one transaction (all or nothing). */
export function runSteps(database: D1Database, steps: Step[]): Promise<D1Result[]> {
  return database.batch(steps.map((step) => database.prepare(step.sql).bind(...step.params)));
}
