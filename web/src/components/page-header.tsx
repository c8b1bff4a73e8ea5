import type { ComponentChildren } from "preact";
import type { Image } from "../api/types.ts";
import { Cover } from "./cover.tsx";
import "./page-header.css";

/**
 * The top of an item's page (album, artist, playlist, show, profile): big artwork, what kind of
 * thing it is, the title as the page's `h1`, a line of details, and its actions below.
 */
export function PageHeader({
  kind,
  title,
  titleId,
  images,
  round = false,
  details,
  description,
  actions,
}: {
  kind: string;
  title: string;
  /** The `h1`'s id, for the page section's `aria-labelledby`. */
  titleId: string;
  images?: Image[] | null;
  round?: boolean;
  details?: ComponentChildren;
  description?: ComponentChildren;
  actions?: ComponentChildren;
}) {
  return (
    <>
      <header class="page-header">
        <Cover images={images} size="fill" round={round} class="page-header-art" />
        <div class="page-header-text">
          <p class="page-header-kind">{kind}</p>
          <h1 id={titleId} class={title.length > 28 ? "long" : undefined}>
            {title}
          </h1>
          {description && <p class="page-header-description">{description}</p>}
          {details && <p class="page-header-details">{details}</p>}
        </div>
      </header>
      {actions && <div class="action-bar">{actions}</div>}
    </>
  );
}

/** The big round green play button of an action bar. */
export function PlayButton({
  label,
  onClick,
  playing = false,
  disabled = false,
}: {
  label: string;
  onClick: () => void;
  playing?: boolean;
  disabled?: boolean;
}) {
  return (
    <button type="button" class="page-play-button" aria-label={label} onClick={onClick} disabled={disabled}>
      <span aria-hidden="true">{playing ? "❚❚" : "▶"}</span>
    </button>
  );
}
