import type { ComponentChildren } from "preact";
import type { ApiRequestError } from "../api/client.ts";
import type { ApiState } from "../api/use-api.ts";
import "./page-states.css";

/** A loading placeholder: grey rows shaped like what is coming, announced as busy. */
export function LoadingState({ label = "Loading", rows = 6 }: { label?: string; rows?: number }) {
  return (
    <div class="skeleton" role="status" aria-busy="true" aria-live="polite">
      <span class="visually-hidden">{label}…</span>
      <div class="skeleton-header" aria-hidden="true" />
      {Array.from({ length: rows }, (_, n) => (
        <div key={n} class="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

/** What an error means to a listener: a title and a sentence, by HTTP status. */
export function describeError(error: ApiRequestError, what = "this page"): { title: string; text: string } {
  if (error.offline)
    return {
      title: "You're offline",
      text: "Cadenza can't be reached. Check your connection and try again.",
    };
  if (error.status === 404)
    return { title: "Not found", text: `We couldn't find ${what}. It may have been removed.` };
  if (error.status === 451)
    return {
      title: "Not available in your country",
      text: "The rights holders haven't made this available where you are.",
    };
  if (error.status === 403) return { title: "Not allowed", text: error.message };
  if (error.status === 429) return { title: "Slow down a little", text: error.message };
  return { title: "Something went wrong", text: error.message || "Please try again." };
}

/** A failed read: what happened and, unless retrying cannot help (404, 451), a Retry button. */
export function ErrorState({
  error,
  onRetry,
  what,
  titleId,
}: {
  error: ApiRequestError;
  onRetry?: () => void;
  /** What failed to load, for the 404 sentence ("this album"). */
  what?: string;
  /** When the error is the whole page: its title becomes the page's `h1`, with this id. */
  titleId?: string;
}) {
  const { title, text } = describeError(error, what);
  const retryable = error.status !== 404 && error.status !== 451;
  return (
    <div class="state-message" role="alert">
      {titleId ? <h1 id={titleId}>{title}</h1> : <h2>{title}</h2>}
      <p>{text}</p>
      {retryable && onRetry && (
        <button type="button" class="primary" onClick={onRetry}>
          Try again
        </button>
      )}
      {!retryable && <a href="/">Go home</a>}
    </div>
  );
}

/** Nothing here yet: a title, a sentence, and optionally what to do about it. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children?: ComponentChildren;
  action?: ComponentChildren;
}) {
  return (
    <div class="state-message empty">
      <h2>{title}</h2>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

/**
 * Renders an {@link ApiState}: the skeleton while it first loads, the error with retry, else
 * `children(data)`.
 */
export function ApiContent<T>({
  state,
  children,
  what,
  loadingLabel,
  titleId,
}: {
  state: ApiState<T>;
  children: (data: T) => ComponentChildren;
  what?: string;
  loadingLabel?: string;
  /** The page's `h1` id, when this is the whole page (an error then titles the page). */
  titleId?: string;
}) {
  if (state.error && state.data === undefined)
    return <ErrorState error={state.error} onRetry={state.refetch} what={what} titleId={titleId} />;
  if (state.data === undefined) return <LoadingState label={loadingLabel} />;
  return <>{children(state.data)}</>;
}
