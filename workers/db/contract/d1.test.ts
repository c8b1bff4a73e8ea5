import { describe } from "vitest";
import { d1Backend } from "./backends.ts";
import { contracts } from "./contracts.ts";

describe("catalog contract on D1", () => {
  const backend = d1Backend();
  for (const contract of contracts) contract(backend);
});
