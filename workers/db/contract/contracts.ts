import type { Contract } from "./backends.ts";
import { browseContract } from "./browse.contract.ts";
import { coreContract } from "./core.contract.ts";
import { libraryContract } from "./library.contract.ts";
import { playlistsContract } from "./playlists.contract.ts";
import { searchContract } from "./search.contract.ts";

/**
 * Every part of the catalog contract, run against D1 (`d1.test.ts`) and Postgres (`pg.test.ts`)
 * in the same `npm test`. Each part seeds what it needs through the interface itself, with
 * fresh random ids, so the parts share a database without seeing each other.
 */
export const contracts: Contract[] = [
  coreContract,
  browseContract,
  playlistsContract,
  libraryContract,
  searchContract,
];
