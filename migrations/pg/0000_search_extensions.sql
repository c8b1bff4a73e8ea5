-- What the search index (search_items, next migration) needs before it can be created: pg_trgm
-- for trigram indexes and similarity (typos, substrings, scripts without spaces), unaccent for
-- folding accents, and cadenza_unaccent(text), an IMMUTABLE wrapper of unaccent (which is only
-- STABLE, as it reads a dictionary) so generated columns and indexes may use it. Its body names
-- the schema, so it does not depend on the caller's search_path.
-- The index is kept current by the data layer (workers/services/search), as on D1; a fresh
-- database has no catalog, so unlike the D1 migrations nothing here fills it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION cadenza_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent', $1) $$;
