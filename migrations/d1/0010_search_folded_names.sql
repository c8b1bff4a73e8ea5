-- Search bounds each candidate's name match from its folded name (see workers/services/search/score-bounds-sql.ts):
-- search_items keeps the name folded as foldedNameSql() in search-index.ts writes it at this release.
ALTER TABLE `search_items` ADD `folded` text;--> statement-breakpoint
UPDATE search_items SET folded = CASE WHEN replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') NOT GLOB '*[^ -~぀-ヿ㐀-鿿가-힣]*' AND replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '') NOT GLOB '*[゙゚]*' THEN lower(replace(replace(replace(replace(replace(name, '''', ''), '’', ''), '‘', ''), 'ʼ', ''), '`', '')) END;
