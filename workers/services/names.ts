/** How the catalogue keys names; shared by uploads and the catalogue generator. Pure, runs anywhere. */

/** How names are matched when an upload reuses an artist or album: NFC, trimmed, one space, lower case. */
export function nameKey(name: string): string {
  return name.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** The genre id for a genre name, e.g. `hip-hop` for "Hip-Hop"; undefined when nothing is left. */
export function slug(name: string): string | undefined {
  const value = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "");
  return value || undefined;
}
