-- Playlists join the search index: public playlists by name and owner (see search-index.ts).
WITH source AS MATERIALIZED (SELECT p.id AS item_id, p.name AS name, u.display_name AS artist, '' AS album, '' AS genres,
  NULL AS year, NULL AS isrc, NULL AS markets,
  (SELECT count(*) FROM playlist_follows f WHERE f.playlist_id = p.id) AS popularity
FROM playlists p JOIN users u ON u.id = p.owner_id
WHERE p.public = 1),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, 6 * 1099511627776 + (100 - p) * 4294967296 AS bucket FROM ranked)
INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity)
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1, 'playlist', item_id, name, artist, album, genres, year, isrc, markets, p FROM bucketed;
--> statement-breakpoint
INSERT INTO search_words (rowid, name, artist, album, genres)
SELECT rank_key, CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = name THEN name ELSE name || ' ' || replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, CASE WHEN replace(replace(replace(replace(replace(artist, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = artist THEN artist ELSE artist || ' ' || replace(replace(replace(replace(replace(artist, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, CASE WHEN replace(replace(replace(replace(replace(album, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = album THEN album ELSE album || ' ' || replace(replace(replace(replace(replace(album, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, genres FROM search_items WHERE kind = 'playlist';
--> statement-breakpoint
INSERT INTO search_trigrams (rowid, name) SELECT rank_key, name || '  ' FROM search_items WHERE kind = 'playlist';
--> statement-breakpoint
INSERT INTO search_names (rowid, name) SELECT rank_key, CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = name THEN name ELSE name || ' ' || replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END FROM search_items WHERE kind = 'playlist';
