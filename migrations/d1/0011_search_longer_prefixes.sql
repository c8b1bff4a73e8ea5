-- Prefix indexes up to nine characters for search_words and search_names (see workers/services/search/search-index.ts):
-- both are made again and filled from search_items as rebuildSearchIndexStatements() fills them at this release.
DROP TABLE `search_terms`;--> statement-breakpoint
DROP TABLE `search_words`;--> statement-breakpoint
CREATE VIRTUAL TABLE `search_words` USING fts5(name, artist, album, genres, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6 7 8 9');--> statement-breakpoint
CREATE VIRTUAL TABLE `search_terms` USING fts5vocab(search_words, row);--> statement-breakpoint
DROP TABLE `search_names`;--> statement-breakpoint
CREATE VIRTUAL TABLE `search_names` USING fts5(name, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6 7 8 9');--> statement-breakpoint
INSERT INTO search_words(search_words, rank) VALUES ('automerge', 0);--> statement-breakpoint
INSERT INTO search_names(search_names, rank) VALUES ('automerge', 0);--> statement-breakpoint
INSERT INTO search_words (rowid, name, artist, album, genres)
SELECT rank_key, CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = name THEN name ELSE name || ' ' || replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, CASE WHEN replace(replace(replace(replace(replace(artist, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = artist THEN artist ELSE artist || ' ' || replace(replace(replace(replace(replace(artist, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, CASE WHEN replace(replace(replace(replace(replace(album, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = album THEN album ELSE album || ' ' || replace(replace(replace(replace(replace(album, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END, genres FROM search_items;--> statement-breakpoint
INSERT INTO search_names (rowid, name) SELECT rank_key, CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = name THEN name ELSE name || ' ' || replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END FROM search_items;--> statement-breakpoint
INSERT INTO search_words(search_words) VALUES ('optimize');--> statement-breakpoint
INSERT INTO search_names(search_names) VALUES ('optimize');--> statement-breakpoint
INSERT INTO search_words(search_words, rank) VALUES ('automerge', 4);--> statement-breakpoint
INSERT INTO search_names(search_names, rank) VALUES ('automerge', 4);
