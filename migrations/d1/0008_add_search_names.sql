-- Autocomplete's name-only word index (see workers/services/search/search-index.ts): the same
-- tokenizer and prefix indexes as search_words, over names alone, filled from search_items as
-- rebuildSearchIndexStatements() and indexSearchItemStatements() fill it at this release.
CREATE VIRTUAL TABLE `search_names` USING fts5(name, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5');--> statement-breakpoint
INSERT INTO search_names(search_names, rank) VALUES ('automerge', 0);--> statement-breakpoint
INSERT INTO search_names (rowid, name) SELECT rank_key, CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') = name THEN name ELSE name || ' ' || replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') END FROM search_items;--> statement-breakpoint
INSERT INTO search_names(search_names) VALUES ('optimize');--> statement-breakpoint
INSERT INTO search_names(search_names, rank) VALUES ('automerge', 4);
