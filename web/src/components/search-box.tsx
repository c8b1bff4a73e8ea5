import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../api/client.ts";
import { navigate } from "../router.tsx";
import "./search-box.css";

/** One autocomplete suggestion as `/api/search/autocomplete` returns it. */
export interface Suggestion {
  type: "artist" | "song" | "album" | "playlist" | "show";
  text: string;
  id: string;
}

/** Wait after the last keystroke before asking for suggestions, ms. */
const DEBOUNCE_MS = 120;
const LIMIT = 8;
/** Wait after the last keystroke before the results follow, ms (longer: each is a full search). */
const RESULTS_DEBOUNCE_MS = 450;

const PAGE_OF: Record<Suggestion["type"], string> = {
  artist: "artist",
  song: "track",
  album: "album",
  playlist: "playlist",
  show: "show",
};
const KIND_LABEL: Record<Suggestion["type"], string> = {
  artist: "Artist",
  song: "Song",
  album: "Album",
  playlist: "Playlist",
  show: "Podcast",
};

/** The page a suggestion opens (`/artist/{id}`, `/track/{id}`…). */
export function hrefOf(suggestion: Suggestion): string {
  return `/${PAGE_OF[suggestion.type]}/${encodeURIComponent(suggestion.id)}`;
}

/**
 * The search field (`#search-input`, which the player's `/` shortcut focuses): suggestions as
 * you type in an ARIA combobox (↑/↓ move, Enter opens the chosen one's page, Escape closes),
 * and Enter without a chosen suggestion searches (`onSubmit`).
 */
export function SearchBox({
  initial,
  onSubmit,
  onPause,
}: {
  initial: string;
  onSubmit: (query: string) => void;
  /** Called when typing pauses (results follow the field as you type), with the trimmed query. */
  onPause?: (query: string) => void;
}) {
  const [query, setQuery] = useState(initial);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const latest = useRef(0);

  // The URL changed (back, a link, or results following the typing): show its query, unless
  // the field says the same already (a trailing space being typed must survive).
  useEffect(() => setQuery((current) => (current.trim() === initial ? current : initial)), [initial]);

  const onPauseRef = useRef(onPause);
  onPauseRef.current = onPause;
  useEffect(() => {
    const timer = setTimeout(() => onPauseRef.current?.(query.trim()), RESULTS_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setSuggestions([]);
      return;
    }
    const ticket = ++latest.current;
    const timer = setTimeout(() => {
      api<{ suggestions: Suggestion[] }>(
        `/api/search/autocomplete?q=${encodeURIComponent(q)}&limit=${LIMIT}`,
      ).then(
        (answer) => {
          // Only the answer to the newest keystroke counts (an older one may arrive later).
          if (ticket !== latest.current) return;
          setSuggestions(answer.suggestions);
          setActive(-1);
        },
        () => ticket === latest.current && setSuggestions([]),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const expanded = open && suggestions.length > 0 && query.trim() !== "";
  const choose = (suggestion: Suggestion) => {
    setOpen(false);
    navigate(hrefOf(suggestion));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!suggestions.length) return;
      event.preventDefault();
      setOpen(true);
      const last = suggestions.length - 1;
      setActive((at) => (event.key === "ArrowDown" ? (at >= last ? 0 : at + 1) : at <= 0 ? last : at - 1));
    } else if (event.key === "Escape") {
      if (expanded) event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const chosen = expanded && active >= 0 ? suggestions[active] : undefined;
      if (chosen) choose(chosen);
      else {
        setOpen(false);
        onSubmit(query.trim());
      }
    }
  };

  return (
    <search class="search-box">
      <label for="search-input" class="visually-hidden">
        Search songs, artists, albums, playlists and podcasts
      </label>
      <span class="search-icon" aria-hidden="true">
        ⌕
      </span>
      <input
        id="search-input"
        type="search"
        // biome-ignore lint/a11y/noRedundantRoles: without a list attribute a search field is a searchbox, which may not be aria-expanded
        role="combobox"
        list={undefined}
        autoComplete="off"
        spellcheck={false}
        placeholder="What do you want to listen to?"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls="search-suggestions"
        aria-activedescendant={expanded && active >= 0 ? `suggestion-${active}` : undefined}
        value={query}
        onInput={(event) => {
          setQuery((event.currentTarget as HTMLInputElement).value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <div
        id="search-suggestions"
        class="suggestions"
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
      >
        {suggestions.map((suggestion, n) => (
          // biome-ignore lint/a11y/useFocusableInteractive: options stay in the field's focus (aria-activedescendant), as the combobox pattern says
          <div
            key={`${suggestion.type}:${suggestion.id}`}
            id={`suggestion-${n}`}
            role="option"
            aria-selected={n === active}
            class={n === active ? "active" : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(suggestion)}
            onKeyDown={() => undefined}
          >
            <span class="suggestion-text">{suggestion.text}</span>
            <span class="suggestion-kind">{KIND_LABEL[suggestion.type]}</span>
          </div>
        ))}
      </div>
    </search>
  );
}
