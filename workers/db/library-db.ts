/**
 * The library and social part of the data-access interface: saved tracks, albums and shows,
 * followed artists and users, privacy and notifications. `CatalogDb` includes it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the library issue's implementation
export interface LibraryDb {}
