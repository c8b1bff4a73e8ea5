import { ApiError } from "../../errors.ts";
import { searchTokens } from "./normalise.ts";

/**
 * A run of index tokens that must appear in this order. With `prefix`, the last token matches
 * any word it begins ("shape of yo" finds "Shape of You").
 */
export interface SearchPhrase {
  tokens: string[];
  prefix: boolean;
}

/**
 * A parsed search query (Spotify's syntax), engine-neutral: every part must match. Free text
 * matches a name, its artist or its album; the field filters match only their field.
 */
export interface SearchQuery {
  text: SearchPhrase[];
  /** `artist:` the item's artist (an artist: its own name). */
  artist: SearchPhrase[];
  /** `album:` the item's album (an album: its own name); artists have none. */
  album: SearchPhrase[];
  /** `track:` a track's title; only tracks have one. */
  track: SearchPhrase[];
  /** `genre:` a genre of the item (a track: its album's and its artist's). */
  genre: SearchPhrase[];
  /** `year:1999` or `year:1990-1999`: the release year, inclusive range (the last one given). */
  year: { from: number; to: number } | null;
  /** `isrc:` a track's ISRC, upper case without hyphens (several: all of them, so none). */
  isrc: string[];
}

type PhraseField = "artist" | "album" | "track" | "genre";

const PHRASE_FIELD_NAMES: PhraseField[] = ["artist", "album", "track", "genre"];
const PHRASE_FIELDS = new Set<string>(PHRASE_FIELD_NAMES);
/** Spotify filters Cadenza does not have (album UPCs, `tag:new`, `tag:hipster`). */
const UNSUPPORTED_FIELDS = new Set<string>(["tag", "upc"]);
const CHUNK = /([a-z]+):"([^"]*)"|([a-z]+):([^\s"]*)|"([^"]*)"|([^\s"]+)/giu;
const YEAR = /^(\d{4})(?:-(\d{4}))?$/;

/**
 * Parses Spotify's query syntax: words, `"quoted phrases"`, and the filters `artist:`, `album:`,
 * `track:`, `genre:` (each takes one word or a quoted phrase), `year:` (a year or a range) and
 * `isrc:`. Everything else is plain text: `OR`, `NOT`, `-`, `*` and SQL are words or separators,
 * never operators, so no input can change the query's structure. Free words match as prefixes
 * (but a one-letter word only whole unless it is the last, still being typed); quoted phrases
 * and filter values match whole words. Throws a 400 on a malformed `year:` or an unsupported filter.
 */
export function parseSearchQuery(q: string): SearchQuery {
  const query: SearchQuery = { text: [], artist: [], album: [], track: [], genre: [], year: null, isrc: [] };
  const chunks = [...q.matchAll(CHUNK)].map((match) => {
    const field = (match[1] ?? match[3])?.toLowerCase();
    const value = match[2] ?? match[4];
    if (field !== undefined && value !== undefined && isFilter(field)) return { field, value };
    if (match[5] !== undefined) return { quoted: match[5] };
    return { word: searchTokens(match[0]) };
  });
  const lastWord = chunks.findLastIndex((chunk) => chunk.word?.length);
  chunks.forEach((chunk, index) => {
    if (chunk.field !== undefined) addFilter(query, chunk.field, chunk.value);
    else if (chunk.quoted !== undefined) addPhrase(query.text, searchTokens(chunk.quoted), false);
    else if (chunk.word)
      addPhrase(query.text, chunk.word, index === lastWord || (chunk.word.at(-1)?.length ?? 0) > 1);
  });
  return query;
}

/**
 * The canonical text of a parsed query: parsing it gives the same query back, and queries that
 * search alike ("Beyoncé  HALO", "beyonce halo") have the same text. Search responses and the
 * edge cache key use it.
 */
export function formatSearchQuery(query: SearchQuery): string {
  const quoted = (phrase: SearchPhrase) => `"${phrase.tokens.join(" ")}"`;
  // A free phrase that matches as typed is written as one word (its tokens joined by "-").
  const free = query.text.map((text, i) =>
    text.prefix || (i < query.text.length - 1 && text.tokens.at(-1)?.length === 1)
      ? text.tokens.join("-")
      : quoted(text),
  );
  return [
    ...free,
    ...PHRASE_FIELD_NAMES.flatMap((field) => query[field].map((phrase) => `${field}:${quoted(phrase)}`)),
    ...(query.year
      ? [`year:${query.year.from}${query.year.to === query.year.from ? "" : `-${query.year.to}`}`]
      : []),
    ...query.isrc.map((isrc) => `isrc:${isrc}`),
  ].join(" ");
}

/** Whether a query can match anything at all: it has text or a filter. */
export function hasCriteria(query: SearchQuery): boolean {
  return (
    query.text.length + query.artist.length + query.album.length + query.track.length + query.genre.length >
      0 ||
    query.year !== null ||
    query.isrc.length > 0
  );
}

function isFilter(field: string): boolean {
  if (UNSUPPORTED_FIELDS.has(field)) {
    throw new ApiError(400, "unsupported_filter", `The ${field}: filter is not supported by Cadenza search.`);
  }
  return PHRASE_FIELDS.has(field) || field === "year" || field === "isrc";
}

function addFilter(query: SearchQuery, field: string, value: string): void {
  if (value === "") return;
  if (PHRASE_FIELDS.has(field)) {
    addPhrase(query[field as PhraseField], searchTokens(value), false);
  } else if (field === "isrc") {
    query.isrc.push(value.toUpperCase().replace(/[-\s]/g, ""));
  } else {
    query.year = parseYears(value);
  }
}

/** `1999` or `1990-1999` as an inclusive range; a 400 for anything else. */
function parseYears(value: string): { from: number; to: number } {
  const years = YEAR.exec(value);
  const from = Number(years?.[1]);
  const to = Number(years?.[2] ?? years?.[1]);
  if (!years || from > to) {
    throw new ApiError(
      400,
      "invalid_query",
      `year: takes a year or a range such as 1990-1999, not "${value}".`,
    );
  }
  return { from, to };
}

function addPhrase(phrases: SearchPhrase[], tokens: string[], prefix: boolean): void {
  if (tokens.length > 0) phrases.push({ tokens, prefix });
}
