/** The playlist part of the data-access interface. `CatalogDb` includes it. */
// biome-ignore lint/suspicious/noEmptyInterface: filled in below
export interface PlaylistDb {}
