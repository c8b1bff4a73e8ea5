-- Catalog search index (see workers/services/search/search-index.ts): an items table whose
-- rank_key orders each kind by popularity, a word index and a trigram index (FTS5, contentless),
-- and vocabulary views for typo corrections and short substrings. The statements after the schema fill it from the
-- catalog; they are exactly rebuildSearchIndexStatements() at this release.
CREATE TABLE `search_items` (
	`rank_key` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`item_id` text NOT NULL,
	`name` text NOT NULL,
	`artist` text NOT NULL,
	`album` text NOT NULL,
	`genres` text NOT NULL,
	`year` integer,
	`isrc` text,
	`markets` text,
	`popularity` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_items_item` ON `search_items` (`item_id`, `kind`);--> statement-breakpoint
CREATE INDEX `search_items_year` ON `search_items` (`year`) WHERE `year` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `search_items_isrc` ON `search_items` (`isrc`) WHERE `isrc` IS NOT NULL;--> statement-breakpoint
CREATE VIRTUAL TABLE `search_words` USING fts5(name, artist, album, genres, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5');--> statement-breakpoint
CREATE VIRTUAL TABLE `search_trigrams` USING fts5(name, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1');--> statement-breakpoint
CREATE VIRTUAL TABLE `search_terms` USING fts5vocab(search_words, row);--> statement-breakpoint
CREATE VIRTUAL TABLE `search_trigram_terms` USING fts5vocab(search_trigrams, row);--> statement-breakpoint
INSERT INTO search_words(search_words) VALUES ('delete-all');--> statement-breakpoint
INSERT INTO search_trigrams(search_trigrams) VALUES ('delete-all');--> statement-breakpoint
DELETE FROM search_items;--> statement-breakpoint
WITH source AS MATERIALIZED (SELECT t.id AS item_id, t.title AS name, ar.name AS artist, al.name AS album,
  trim(coalesce(g.name, '') || ' ' || coalesce((SELECT group_concat(g2.name, ' ') FROM artist_genres ag JOIN genres g2 ON g2.id = ag.genre_id WHERE ag.artist_id = ar.id), '')) AS genres,
  CASE WHEN al.release_date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(al.release_date, 1, 4) AS INTEGER) END AS year, t.isrc AS isrc, t.markets AS markets, t.popularity AS popularity
FROM tracks t JOIN artists ar ON ar.id = t.artist_id JOIN albums al ON al.id = t.album_id
LEFT JOIN genres g ON g.id = al.genre_id
WHERE t.kind = 'music' AND t.current_encode_id IS NOT NULL),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, 1 * 1099511627776 + (100 - p) * 4294967296 AS bucket FROM ranked)
INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity)
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1, 'track', item_id, name, artist, album, genres, year, isrc, markets, p FROM bucketed;--> statement-breakpoint
WITH source AS MATERIALIZED (SELECT ar.id AS item_id, ar.name AS name, ar.name AS artist, '' AS album,
  coalesce((SELECT group_concat(g2.name, ' ') FROM artist_genres ag JOIN genres g2 ON g2.id = ag.genre_id WHERE ag.artist_id = ar.id), '') AS genres, NULL AS year, NULL AS isrc, NULL AS markets,
  max(ar.popularity, coalesce((SELECT max(t.popularity) FROM tracks t WHERE t.artist_id = ar.id AND t.kind = 'music' AND t.current_encode_id IS NOT NULL), 0)) AS popularity
FROM artists ar
WHERE ar.kind = 'music' AND EXISTS (SELECT 1 FROM tracks t WHERE t.artist_id = ar.id AND t.kind = 'music' AND t.current_encode_id IS NOT NULL)),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, 2 * 1099511627776 + (100 - p) * 4294967296 AS bucket FROM ranked)
INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity)
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1, 'artist', item_id, name, artist, album, genres, year, isrc, markets, p FROM bucketed;--> statement-breakpoint
WITH source AS MATERIALIZED (SELECT al.id AS item_id, al.name AS name, ar.name AS artist, al.name AS album,
  coalesce(g.name, '') AS genres, CASE WHEN al.release_date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(al.release_date, 1, 4) AS INTEGER) END AS year, NULL AS isrc,
  CASE WHEN EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND t.kind = 'music' AND t.current_encode_id IS NOT NULL AND t.markets IS NULL) THEN NULL
    ELSE (SELECT group_concat(DISTINCT t.markets) FROM tracks t WHERE t.album_id = al.id AND t.kind = 'music' AND t.current_encode_id IS NOT NULL) END AS markets,
  coalesce((SELECT max(t.popularity) FROM tracks t WHERE t.album_id = al.id AND t.kind = 'music' AND t.current_encode_id IS NOT NULL), 0) AS popularity
FROM albums al JOIN artists ar ON ar.id = al.artist_id LEFT JOIN genres g ON g.id = al.genre_id
WHERE al.kind = 'music' AND EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND t.kind = 'music' AND t.current_encode_id IS NOT NULL)),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, 3 * 1099511627776 + (100 - p) * 4294967296 AS bucket FROM ranked)
INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity)
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1, 'album', item_id, name, artist, album, genres, year, isrc, markets, p FROM bucketed;--> statement-breakpoint
WITH source AS MATERIALIZED (SELECT sh.id AS item_id, al.name AS name, sh.publisher AS artist, al.name AS album, '' AS genres,
  NULL AS year, NULL AS isrc, NULL AS markets,
  coalesce((SELECT max(t.popularity) FROM episodes e JOIN tracks t ON t.id = e.id WHERE e.show_id = sh.id AND t.current_encode_id IS NOT NULL), 0) AS popularity
FROM shows sh JOIN albums al ON al.id = sh.id
WHERE al.kind = 'podcast'),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, 4 * 1099511627776 + (100 - p) * 4294967296 AS bucket FROM ranked)
INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity)
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1, 'show', item_id, name, artist, album, genres, year, isrc, markets, p FROM bucketed;--> statement-breakpoint
WITH source AS MATERIALIZED (SELECT e.id AS item_id, t.title AS name, sh.publisher AS artist, al.name AS album, '' AS genres,
  CASE WHEN e.release_date GLOB '[0-9][0-9][0-9][0-9]*' THEN CAST(substr(e.release_date, 1, 4) AS INTEGER) END AS year, NULL AS isrc, t.markets AS markets, t.popularity AS popularity
FROM episodes e JOIN tracks t ON t.id = e.id JOIN shows sh ON sh.id = e.show_id JOIN albums al ON al.id = sh.id
WHERE t.kind = 'episode' AND t.current_encode_id IS NOT NULL),
ranked AS (SELECT source.*, max(0, min(100, source.popularity)) AS p FROM source),
bucketed AS (SELECT ranked.*, 5 * 1099511627776 + (100 - p) * 4294967296 AS bucket FROM ranked)
INSERT INTO search_items (rank_key, kind, item_id, name, artist, album, genres, year, isrc, markets, popularity)
SELECT bucket + row_number() OVER (PARTITION BY bucket ORDER BY item_id) - 1, 'episode', item_id, name, artist, album, genres, year, isrc, markets, p FROM bucketed;--> statement-breakpoint
INSERT INTO search_words(search_words, rank) VALUES ('automerge', 0);--> statement-breakpoint
INSERT INTO search_trigrams(search_trigrams, rank) VALUES ('automerge', 0);--> statement-breakpoint
INSERT INTO search_words (rowid, name, artist, album, genres)
SELECT rank_key, CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = name THEN name ELSE name || ' ' || replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, CASE WHEN replace(replace(replace(replace(replace(artist, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = artist THEN artist ELSE artist || ' ' || replace(replace(replace(replace(replace(artist, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, CASE WHEN replace(replace(replace(replace(replace(album, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = album THEN album ELSE album || ' ' || replace(replace(replace(replace(replace(album, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, genres FROM search_items;--> statement-breakpoint
INSERT INTO search_trigrams (rowid, name) SELECT rank_key, name || '  ' FROM search_items;--> statement-breakpoint
INSERT INTO search_words(search_words) VALUES ('optimize');--> statement-breakpoint
INSERT INTO search_trigrams(search_trigrams) VALUES ('optimize');--> statement-breakpoint
INSERT INTO search_words(search_words, rank) VALUES ('automerge', 4);--> statement-breakpoint
INSERT INTO search_trigrams(search_trigrams, rank) VALUES ('automerge', 4);
