import type { LyricsRow } from "../db/catalog-db.ts";

/** One line of lyrics: `start_ms` from the track's start, null when the lyrics are not synced. */
export interface LyricLine {
  start_ms: number | null;
  text: string;
}

/** Parsed lyrics, as stored and served: synced (every line timed, in time order) or plain. */
export interface Lyrics {
  synced: boolean;
  lines: LyricLine[];
}

/** Largest lyrics accepted, in UTF-8 bytes. */
export const MAX_LYRICS_BYTES = 64 * 1024;

/** Thrown for input that is not usable lyrics; the message names the line where it can. */
export class LyricsError extends Error {}

/** A time tag: `[mm:ss]`, `[mm:ss.xx]` or `[mm:ss.xxx]` (minutes may have more digits). */
const TIME_TAG = /^\[(\d+):([0-5]\d)(?:\.(\d{2,3}))?\]/;
/** What opens a time tag; anything opened like this that is not a TIME_TAG is malformed. */
const TIME_TAG_START = /^\[\s*[-+]?\d/;
/** An ID tag (`[ar:…]`, `[ti:…]`, `[offset:+250]`, …): a whole line of metadata. */
const ID_TAG = /^\[([a-z#]+):(.*)\]$/i;
/** Enhanced LRC word timings (`<00:12.34>`) inside a line's text. */
const WORD_TIME = /<\d+:\d{2}(?:\.\d{2,3})?>/g;

/**
 * Lyrics from text that may be LRC: parsed as LRC when any line starts with a time tag, else as
 * plain text. This is how the upload form's `lyrics` field is read.
 */
export function parseLyrics(text: string): Lyrics {
  const looksTimed = splitLines(text).some((line) => TIME_TAG_START.test(line.trim()));
  return looksTimed ? parseLrc(text) : parsePlainLyrics(text);
}

/**
 * Parses LRC: each lyric line starts with one or more time tags (a line sung several times lists
 * every time), `[offset:±ms]` shifts every time (positive shows lines sooner), other ID tags
 * (`[ar:]`, `[ti:]`, `[al:]`, `[by:]`, …) are ignored, enhanced word timings are stripped.
 * Returns the lines sorted by time; a timed line with no text (a pause) is kept as "".
 * Throws LyricsError naming the line on a malformed tag or an untimed line.
 */
export function parseLrc(lrc: string): Lyrics {
  checkSize(lrc);
  let offsetMs = 0;
  const timed: { startMs: number; text: string; order: number }[] = [];
  for (const [index, raw] of splitLines(lrc).entries()) {
    const line = raw.trim();
    const lineNo = index + 1;
    if (line === "") continue;
    const id = TIME_TAG_START.test(line) ? null : ID_TAG.exec(line);
    if (id) {
      if (id[1]?.toLowerCase() === "offset") offsetMs = parseOffset(id[2] ?? "", lineNo);
      continue;
    }
    let rest = line;
    const starts: number[] = [];
    for (let tag = TIME_TAG.exec(rest); tag; tag = TIME_TAG.exec(rest)) {
      starts.push(tagMs(tag));
      rest = rest.slice(tag[0].length);
    }
    if (TIME_TAG_START.test(rest) || (starts.length === 0 && rest.startsWith("["))) {
      throw new LyricsError(`line ${lineNo}: malformed timestamp ${quoteTag(rest)}; use [mm:ss.xx]`);
    }
    if (starts.length === 0) {
      throw new LyricsError(`line ${lineNo}: no [mm:ss.xx] timestamp; every lyric line of LRC needs one`);
    }
    const text = rest.replace(WORD_TIME, "").replace(/\s+/g, " ").trim();
    for (const startMs of starts) timed.push({ startMs, text, order: timed.length });
  }
  const lines = timed
    .map((line) => ({ ...line, startMs: Math.max(0, line.startMs - offsetMs) }))
    .sort((a, b) => a.startMs - b.startMs || a.order - b.order)
    .map((line) => ({ start_ms: line.startMs, text: line.text }));
  requireWords(lines);
  return { synced: true, lines };
}

/**
 * Plain lyrics: one line per line of text, trailing spaces trimmed; a blank line between stanzas
 * is kept (as "") but runs of blank lines collapse to one and none lead or trail.
 */
export function parsePlainLyrics(text: string): Lyrics {
  checkSize(text);
  const lines: LyricLine[] = [];
  for (const raw of splitLines(text)) {
    const line = raw.trim().replace(/\s+/g, " ");
    if (line === "" && (lines.length === 0 || lines.at(-1)?.text === "")) continue;
    lines.push({ start_ms: null, text: line });
  }
  if (lines.at(-1)?.text === "") lines.pop();
  requireWords(lines);
  return { synced: false, lines };
}

/** The row that stores `lyrics` for a track, set by `userId` at `nowMs`. */
export function lyricsRow(
  trackId: string,
  lyrics: Lyrics,
  language: string | null,
  userId: string,
  nowMs: number,
): LyricsRow {
  return {
    trackId,
    synced: lyrics.synced,
    lines: JSON.stringify(lyrics.lines),
    language,
    updatedBy: userId,
    updatedAt: nowMs,
  };
}

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}

function checkSize(text: string): void {
  if (new TextEncoder().encode(text).length > MAX_LYRICS_BYTES) {
    throw new LyricsError(`lyrics are larger than ${MAX_LYRICS_BYTES / 1024} KiB`);
  }
}

function requireWords(lines: LyricLine[]): void {
  if (!lines.some((line) => line.text !== "")) throw new LyricsError("no lyric lines");
}

function tagMs(tag: RegExpExecArray): number {
  const fraction = tag[3] ?? "0";
  const fractionMs = fraction.length === 2 ? Number(fraction) * 10 : Number(fraction);
  return Number(tag[1]) * 60_000 + Number(tag[2]) * 1000 + fractionMs;
}

function parseOffset(value: string, lineNo: number): number {
  const trimmed = value.trim();
  if (!/^[-+]?\d{1,7}$/.test(trimmed)) {
    throw new LyricsError(
      `line ${lineNo}: [offset:${trimmed}] must be whole milliseconds, e.g. [offset:+250]`,
    );
  }
  return Number(trimmed);
}

function quoteTag(text: string): string {
  const end = text.indexOf("]");
  return end === -1 ? `"${text.slice(0, 16)}"` : text.slice(0, end + 1);
}
