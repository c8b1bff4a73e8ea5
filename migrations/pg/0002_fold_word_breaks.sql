-- Punctuation breaks words in the search index as it does in FTS5 and on the query side
-- (AC/DC → ac dc), and final sigma folds to σ as `foldText` folds it. Dropping a generated
-- column drops its indexes, so they are created again at the end (drizzle-kit generated the
-- column statements).
ALTER TABLE "search_items" drop column "words";--> statement-breakpoint
ALTER TABLE "search_items" ADD COLUMN "words" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', translate(cadenza_unaccent(CASE WHEN translate(name, '''’‘ʼ`', '') = name THEN name ELSE name || ' ' || translate(name, '''’‘ʼ`', '') END), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~ς', '                                σ')), 'A') || setweight(to_tsvector('simple', translate(cadenza_unaccent(CASE WHEN translate(artist, '''’‘ʼ`', '') = artist THEN artist ELSE artist || ' ' || translate(artist, '''’‘ʼ`', '') END), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~ς', '                                σ')), 'B') || setweight(to_tsvector('simple', translate(cadenza_unaccent(CASE WHEN translate(album, '''’‘ʼ`', '') = album THEN album ELSE album || ' ' || translate(album, '''’‘ʼ`', '') END), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~ς', '                                σ')), 'C') || setweight(to_tsvector('simple', translate(cadenza_unaccent(genres), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~ς', '                                σ')), 'D')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "search_items" drop column "name_words";--> statement-breakpoint
ALTER TABLE "search_items" ADD COLUMN "name_words" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', translate(cadenza_unaccent(CASE WHEN translate(name, '''’‘ʼ`', '') = name THEN name ELSE name || ' ' || translate(name, '''’‘ʼ`', '') END), '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~ς', '                                σ'))) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "search_items" drop column "name_folded";--> statement-breakpoint
ALTER TABLE "search_items" ADD COLUMN "name_folded" text GENERATED ALWAYS AS (lower(translate(cadenza_unaccent(translate(name, '''’‘ʼ`', '')), 'ς', 'σ'))) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "search_items_words" ON "search_items" USING gin ("words");--> statement-breakpoint
CREATE INDEX "search_items_name_words" ON "search_items" USING gin ("name_words");--> statement-breakpoint
CREATE INDEX "search_items_name_trgm" ON "search_items" USING gin ("name_folded" gin_trgm_ops);
