import { type Account, cadenzaUrl, type SignedInPage, waitForAudioToAdvance } from "./harness.ts";

/**
 * Ids from the seeded demo catalog, looked up through `/v1/search` as a real client would, for
 * deep links (`/album/{id}`) and API set-up. Names below are the demo catalog's
 * (`scripts/demo/catalog.ts`, `scripts/demo/podcasts.ts`).
 */

/** Demo names tests commonly need. */
export const DEMO = {
  /** An album licensed worldwide (3 jazz tracks, 70–92 s). */
  album: "Nuits de Velours",
  artist: "Élodie Marchand",
  /** A track licensed worldwide. */
  track: "Café des Étoiles",
  /** Not licensed in the US: premium@ (US) gets 451 "not available in your country". */
  trackNotInUs: "Corner Store Philosophy",
  /** An album licensed only in DE/AT/CH: free@ (SE) and premium@ (US) get 451. */
  albumOnlyInDach: "Stadtrand",
  /** A podcast show. */
  show: "Edge Notes",
  /** premium@'s public playlist of the whole catalog; and its collaborative one with free@. */
  playlistMix: "Cadenza Demo Mix",
  playlistShared: "Road Trip (shared)",
} as const;

type SearchType = "track" | "album" | "artist" | "playlist" | "show" | "episode";

/**
 * The id of the first `type` result whose name is exactly `name` (searching without a market,
 * so region-restricted items are found too). Throws when there is none.
 */
export async function findDemoId(
  baseUrl: string,
  account: Account,
  type: SearchType,
  name: string,
): Promise<string> {
  const url = `${baseUrl}/v1/search?q=${encodeURIComponent(name)}&type=${type}&limit=20`;
  const response = await fetch(url, { headers: { authorization: `Bearer ${account.accessToken}` } });
  if (!response.ok)
    throw new Error(`search ${type} "${name}" → ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as Record<
    string,
    { items: { id: string; name: string }[] } | undefined
  >;
  const match = body[`${type}s`]?.items.find((item) => item.name === name);
  if (!match) throw new Error(`no ${type} named "${name}" in the demo catalog`);
  return match.id;
}

/** The id of the demo album `name`, as `account` finds it. */
export const demoAlbumId = (account: Account, name: string) =>
  findDemoId(cadenzaUrl(), account, "album", name);

/**
 * Opens the demo album `name`'s page and starts it with the page's own Play button (the path a
 * listener takes), then waits until its audio has played a second.
 */
export async function playDemoAlbum(signed: SignedInPage, name: string): Promise<void> {
  await signed.page.goto(`/album/${await demoAlbumId(signed.account, name)}`);
  await signed.page
    .getByRole("button", { name: `Play ${name}` })
    .first()
    .click();
  await waitForAudioToAdvance(signed.page, { seconds: 1, timeoutMs: 30_000 });
}
