import type { DatabaseSync } from "node:sqlite";
import { rebuildSearchIndexStatements } from "../../workers/services/search/search-index.ts";

/**
 * Rebuilds the catalogue's search index on a SQLite file with the very statements the Worker
 * uses (workers/services/search/search-index.ts), in one transaction; `onStep` hears each
 * statement's start with the share of statements done.
 */
export function rebuildSearchIndex(
  db: DatabaseSync,
  onStep?: (step: string, fraction: number) => void,
): void {
  const statements = rebuildSearchIndexStatements();
  db.exec("BEGIN");
  try {
    for (const [i, statement] of statements.entries()) {
      onStep?.(statement.sql.trim().split(/\s+/).slice(0, 3).join(" "), i / statements.length);
      db.prepare(statement.sql).run(...statement.params);
    }
    db.exec("COMMIT");
  } catch (err) {
    db.exec("ROLLBACK");
    throw err;
  }
  onStep?.("done", 1);
}
