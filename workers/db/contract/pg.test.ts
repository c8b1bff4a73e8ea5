import { beforeAll, describe } from "vitest";
import { freshPostgresDatabase } from "../../test/postgres.ts";
import { postgresBackend } from "./backends.ts";
import { contracts } from "./contracts.ts";

describe("catalog contract on Postgres", () => {
  let url = "";
  beforeAll(async () => {
    url = await freshPostgresDatabase();
  });
  const backend = postgresBackend(() => url);
  for (const contract of contracts) contract(backend);
});
